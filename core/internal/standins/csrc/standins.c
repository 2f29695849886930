/* Stand-ins for the platform elements gstcast's plugins use on hardware this machine does not
 * have: NVIDIA Jetson (nvarguscamerasrc, nvvidconv, nvv4l2h264enc, nvv4l2h265enc,
 * nvv4l2decoder), Raspberry Pi (libcamerasrc, v4l2convert, v4l2h264enc, v4l2h264dec) and
 * Windows (mfvideosrc, mfh264enc, d3d11h264dec, d3d11convert, d3d11download,
 * d3d11screencapturesrc), with device providers announcing stand-in cameras.
 *
 * Each stand-in is registered under the real element's name, with the real element's property
 * names, types, ranges and enums and its real pad templates, including the memory:NVMM and
 * memory:D3D11Memory caps features; inside, it is a bin of software elements (videotestsrc,
 * videoconvert, x264enc, x265enc, avdec_h264, jpegenc) and a private element that puts the caps
 * feature on or takes it off. So the stand-ins fail where the real elements would: a property
 * that does not exist, NVMM caps into a system-memory element (not-negotiated, or no link at
 * all), a sensor or camera that is not there.
 *
 * GSTCAST_STANDIN_BOARD picks a board without a hardware encoder:
 *   orin-nano  the nvv4l2 encoders register (the plugin library is the same on every Jetson) but
 *              fail to open their device, as on a Jetson Orin Nano, which has no NVENC;
 *   pi5        v4l2h264enc, v4l2h264dec and v4l2convert do not register: a Raspberry Pi 5 has
 *              no H.264 codec nodes (nor the ISP node v4l2convert needs).
 * GSTCAST_STANDIN_ARGUS_SENSORS is how many Argus sensors there are (default 1).
 *
 * Loaded only by tests, through GST_PLUGIN_PATH (core/internal/standins builds it). Every
 * stand-in has rank none, so decodebin and friends never pick one by themselves. */

#include <gst/gst.h>
#include <gst/base/gstbasetransform.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PACKAGE "gstcast-standins"

static const gchar *
board (void)
{
  const gchar *b = g_getenv ("GSTCAST_STANDIN_BOARD");
  return b ? b : "";
}

static gboolean
board_is (const gchar * name)
{
  return g_strcmp0 (board (), name) == 0;
}

/* ===== gstcaststandinmemory: caps feature on/off, buffers passed through =====
 * mode 0 add:             sink system memory, src FEATURE only
 * mode 1 remove:          sink FEATURE only, src system memory
 * mode 2 add-optional:    sink system memory, src FEATURE or system memory
 * mode 3 remove-optional: sink FEATURE or system memory, src system memory */

typedef struct
{
  GstBaseTransform parent;
  gchar *feature;
  gint mode;
} StandinMemory;

typedef struct
{
  GstBaseTransformClass parent_class;
} StandinMemoryClass;

GType standin_memory_get_type (void);
G_DEFINE_TYPE (StandinMemory, standin_memory, GST_TYPE_BASE_TRANSFORM);

enum
{ MEM_PROP_0, MEM_PROP_FEATURE, MEM_PROP_MODE };

static GstStaticPadTemplate any_sink = GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("video/x-raw(ANY)"));
static GstStaticPadTemplate any_src = GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("video/x-raw(ANY)"));

static gboolean
is_sysmem (GstCapsFeatures * f)
{
  return f == NULL || gst_caps_features_is_any (f) ||
      gst_caps_features_is_equal (f, GST_CAPS_FEATURES_MEMORY_SYSTEM_MEMORY);
}

static GstCaps *
standin_memory_transform_caps (GstBaseTransform * trans, GstPadDirection direction, GstCaps * caps,
    GstCaps * filter)
{
  StandinMemory *self = (StandinMemory *) trans;
  gboolean add = self->mode == 0 || self->mode == 2;
  gboolean optional = self->mode >= 2;
  /* the side that carries the feature: src when adding, sink when removing */
  gboolean from_feature_side = add ? direction == GST_PAD_SRC : direction == GST_PAD_SINK;
  GstCaps *out = gst_caps_new_empty ();
  guint i;

  for (i = 0; i < gst_caps_get_size (caps); i++) {
    GstStructure *s = gst_caps_get_structure (caps, i);
    GstCapsFeatures *f = gst_caps_get_features (caps, i);
    gboolean any = f && gst_caps_features_is_any (f);  /* templates: could be either */
    gboolean has = f && !any && gst_caps_features_contains (f, self->feature);

    if (from_feature_side) {
      if (has || any || (optional && is_sysmem (f)))
        gst_caps_append_structure_full (out, gst_structure_copy (s),
            gst_caps_features_new_single (GST_CAPS_FEATURE_MEMORY_SYSTEM_MEMORY));
    } else if (is_sysmem (f)) {
      gst_caps_append_structure_full (out, gst_structure_copy (s), gst_caps_features_new (self->feature, NULL));
      if (optional)
        gst_caps_append_structure_full (out, gst_structure_copy (s),
            gst_caps_features_new_single (GST_CAPS_FEATURE_MEMORY_SYSTEM_MEMORY));
    }
  }
  out = gst_caps_simplify (out);
  if (filter) {
    GstCaps *tmp = gst_caps_intersect_full (filter, out, GST_CAPS_INTERSECT_FIRST);
    gst_caps_unref (out);
    out = tmp;
  }
  return out;
}

static GstFlowReturn
standin_memory_prepare (GstBaseTransform * trans, GstBuffer * in, GstBuffer ** out)
{
  *out = in;                    /* the very same memory: only the caps say where it lives */
  return GST_FLOW_OK;
}

static GstFlowReturn
standin_memory_transform_ip (GstBaseTransform * trans, GstBuffer * buf)
{
  return GST_FLOW_OK;
}

static void
standin_memory_set_property (GObject * o, guint id, const GValue * v, GParamSpec * ps)
{
  StandinMemory *self = (StandinMemory *) o;
  if (id == MEM_PROP_FEATURE) {
    g_free (self->feature);
    self->feature = g_value_dup_string (v);
  } else if (id == MEM_PROP_MODE) {
    self->mode = g_value_get_int (v);
  }
}

static void
standin_memory_get_property (GObject * o, guint id, GValue * v, GParamSpec * ps)
{
  StandinMemory *self = (StandinMemory *) o;
  if (id == MEM_PROP_FEATURE)
    g_value_set_string (v, self->feature);
  else if (id == MEM_PROP_MODE)
    g_value_set_int (v, self->mode);
}

static void
standin_memory_finalize (GObject * o)
{
  g_free (((StandinMemory *) o)->feature);
  G_OBJECT_CLASS (standin_memory_parent_class)->finalize (o);
}

static void
standin_memory_class_init (StandinMemoryClass * klass)
{
  GObjectClass *oc = G_OBJECT_CLASS (klass);
  GstElementClass *ec = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *bc = GST_BASE_TRANSFORM_CLASS (klass);

  oc->set_property = standin_memory_set_property;
  oc->get_property = standin_memory_get_property;
  oc->finalize = standin_memory_finalize;
  g_object_class_install_property (oc, MEM_PROP_FEATURE, g_param_spec_string ("feature", "Feature",
          "caps feature", "memory:NVMM", G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (oc, MEM_PROP_MODE, g_param_spec_int ("mode", "Mode",
          "0 add, 1 remove, 2 add-optional, 3 remove-optional", 0, 3, 0, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  gst_element_class_add_static_pad_template (ec, &any_sink);
  gst_element_class_add_static_pad_template (ec, &any_src);
  gst_element_class_set_static_metadata (ec, "gstcast stand-in memory", "Filter/Video",
      "Puts a caps feature on system-memory buffers or takes it off", "gstcast");
  bc->transform_caps = standin_memory_transform_caps;
  bc->prepare_output_buffer = standin_memory_prepare;
  bc->transform_ip = standin_memory_transform_ip;
}

static void
standin_memory_init (StandinMemory * self)
{
  self->feature = g_strdup ("memory:NVMM");
  gst_base_transform_set_in_place (GST_BASE_TRANSFORM (self), TRUE);
  gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (self), FALSE);
  gst_base_transform_set_prefer_passthrough (GST_BASE_TRANSFORM (self), FALSE);
}

/* ===== gstcaststandinfield: a caps field set downstream, hidden upstream =====
 * What a hardware encoder does with the H.264 level: downstream asks for one, the driver
 * writes it into the stream, whatever the software encoder inside would say. */

typedef struct
{
  GstBaseTransform parent;
  gchar *field, *value;
} StandinField;

typedef struct
{
  GstBaseTransformClass parent_class;
} StandinFieldClass;

GType standin_field_get_type (void);
G_DEFINE_TYPE (StandinField, standin_field, GST_TYPE_BASE_TRANSFORM);

static GstStaticPadTemplate all_sink = GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);
static GstStaticPadTemplate all_src = GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

static GstCaps *
standin_field_transform_caps (GstBaseTransform * trans, GstPadDirection direction, GstCaps * caps, GstCaps * filter)
{
  StandinField *self = (StandinField *) trans;
  GstCaps *out = gst_caps_copy (caps);
  guint i;
  if (self->field) {
    for (i = 0; i < gst_caps_get_size (out); i++) {
      GstStructure *s = gst_caps_get_structure (out, i);
      if (direction == GST_PAD_SINK && self->value)
        gst_structure_set (s, self->field, G_TYPE_STRING, self->value, NULL);
      else
        gst_structure_remove_field (s, self->field);
    }
  }
  if (filter) {
    GstCaps *tmp = gst_caps_intersect_full (filter, out, GST_CAPS_INTERSECT_FIRST);
    gst_caps_unref (out);
    out = tmp;
  }
  return out;
}

static void
standin_field_set_property (GObject * o, guint id, const GValue * v, GParamSpec * ps)
{
  StandinField *self = (StandinField *) o;
  gchar **dst = id == 1 ? &self->field : &self->value;
  g_free (*dst);
  *dst = g_value_dup_string (v);
}

static void
standin_field_get_property (GObject * o, guint id, GValue * v, GParamSpec * ps)
{
  StandinField *self = (StandinField *) o;
  g_value_set_string (v, id == 1 ? self->field : self->value);
}

static void
standin_field_finalize (GObject * o)
{
  g_free (((StandinField *) o)->field);
  g_free (((StandinField *) o)->value);
  G_OBJECT_CLASS (standin_field_parent_class)->finalize (o);
}

static void
standin_field_class_init (StandinFieldClass * klass)
{
  GObjectClass *oc = G_OBJECT_CLASS (klass);
  GstElementClass *ec = GST_ELEMENT_CLASS (klass);
  oc->set_property = standin_field_set_property;
  oc->get_property = standin_field_get_property;
  oc->finalize = standin_field_finalize;
  g_object_class_install_property (oc, 1, g_param_spec_string ("field", "Field", "caps field", NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (oc, 2, g_param_spec_string ("value", "Value", "its value downstream", NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  gst_element_class_add_static_pad_template (ec, &all_sink);
  gst_element_class_add_static_pad_template (ec, &all_src);
  gst_element_class_set_static_metadata (ec, "gstcast stand-in caps field", "Filter",
      "Sets a caps field downstream and hides it upstream", "gstcast");
  GST_BASE_TRANSFORM_CLASS (klass)->transform_caps = standin_field_transform_caps;
  GST_BASE_TRANSFORM_CLASS (klass)->passthrough_on_same_caps = TRUE;
}

static void
standin_field_init (StandinField * self)
{
  gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (self), TRUE);
}

/* ===== the stand-in bin: one class per real element ===== */

typedef struct _Standin Standin;

typedef struct
{
  const gchar *name, *longname, *klass, *description;
  const gchar *sink_caps, *src_caps;    /* NULL: no such pad */
  const gchar *request_src;     /* a request src template name (libcamerasrc's src_%u), or NULL */
  /* the inner chain, as gst-launch writes it; NULL when build() makes it at NULL->READY */
  const gchar *inner;
  void (*install) (GObjectClass * oc);
  gchar *(*build) (Standin * self);     /* returns the inner description, or NULL after an error */
  gboolean (*ready) (Standin * self);   /* NULL->READY: open the device, set the inner elements */
  gboolean (*paused) (Standin * self);  /* READY->PAUSED: start capturing */
  gboolean (*available) (void); /* FALSE: this board does not register the element */
} StandinDesc;

struct _Standin
{
  GstBin parent;
  const StandinDesc *desc;
  GstElement *inner;
  GstPad *sinkpad, *srcpad;     /* ghost pads, targets set when the inner bin exists */
  GValue *values;               /* property values by property id */
  guint nvalues;
};

typedef struct
{
  GstBinClass parent_class;
  const StandinDesc *desc;
} StandinClass;

static GstBinClass *standin_parent_class;
static guint next_prop_id;      /* property ids of the class being initialised */

#define STANDIN_DESC(obj) (((StandinClass *) G_OBJECT_GET_CLASS (obj))->desc)

static const GValue *
prop (Standin * self, const gchar * name)
{
  GParamSpec *ps = g_object_class_find_property (G_OBJECT_GET_CLASS (self), name);
  g_assert (ps != NULL && ps->param_id < self->nvalues);
  return &self->values[ps->param_id];
}

static GstElement *
inner_child (Standin * self, const gchar * name)
{
  return self->inner ? gst_bin_get_by_name (GST_BIN (self->inner), name) : NULL;
}

/* set_inner sets a property of an inner element by name, from text, and drops the ref. */
static void
set_inner (Standin * self, const gchar * child, const gchar * propname, const gchar * value)
{
  GstElement *e = inner_child (self, child);
  if (e) {
    gst_util_set_object_arg (G_OBJECT (e), propname, value);
    gst_object_unref (e);
  }
}

static void
set_inner_caps (Standin * self, const gchar * child, const gchar * caps)
{
  GstElement *e = inner_child (self, child);
  if (e) {
    GstCaps *c = gst_caps_from_string (caps);
    g_object_set (e, "caps", c, NULL);
    gst_caps_unref (c);
    gst_object_unref (e);
  }
}

static gboolean
make_inner (Standin * self, const gchar * description)
{
  GError *err = NULL;
  GstElement *bin = gst_parse_bin_from_description (description, TRUE, &err);
  if (!bin) {
    GST_ELEMENT_ERROR (self, CORE, FAILED, ("stand-in %s: %s", self->desc->name, err->message), (NULL));
    g_clear_error (&err);
    return FALSE;
  }
  self->inner = bin;
  gst_bin_add (GST_BIN (self), bin);
  if (self->sinkpad) {
    GstPad *p = gst_element_get_static_pad (bin, "sink");
    gst_ghost_pad_set_target (GST_GHOST_PAD (self->sinkpad), p);
    gst_object_unref (p);
  }
  if (self->srcpad) {
    GstPad *p = gst_element_get_static_pad (bin, "src");
    gst_ghost_pad_set_target (GST_GHOST_PAD (self->srcpad), p);
    gst_object_unref (p);
  }
  return TRUE;
}

static void
standin_set_property (GObject * o, guint id, const GValue * v, GParamSpec * ps)
{
  Standin *self = (Standin *) o;
  g_value_copy (v, &self->values[id]);
}

static void
standin_get_property (GObject * o, guint id, GValue * v, GParamSpec * ps)
{
  Standin *self = (Standin *) o;
  g_value_copy (&self->values[id], v);
}

static void
standin_finalize (GObject * o)
{
  Standin *self = (Standin *) o;
  guint i;
  for (i = 0; i < self->nvalues; i++)
    if (G_IS_VALUE (&self->values[i]))
      g_value_unset (&self->values[i]);
  g_free (self->values);
  G_OBJECT_CLASS (standin_parent_class)->finalize (o);
}

static GstStateChangeReturn
standin_change_state (GstElement * e, GstStateChange t)
{
  Standin *self = (Standin *) e;
  const StandinDesc *d = self->desc;
  if (t == GST_STATE_CHANGE_NULL_TO_READY) {
    if (!self->inner && d->build) {
      gchar *desc = d->build (self);
      gboolean ok = desc && make_inner (self, desc);
      g_free (desc);
      if (!ok)
        return GST_STATE_CHANGE_FAILURE;
    }
    if (d->ready && !d->ready (self))
      return GST_STATE_CHANGE_FAILURE;
  }
  if (t == GST_STATE_CHANGE_READY_TO_PAUSED && d->paused && !d->paused (self))
    return GST_STATE_CHANGE_FAILURE;
  return GST_ELEMENT_CLASS (standin_parent_class)->change_state (e, t);
}

static void
standin_class_init (gpointer g_class, gpointer data)
{
  GObjectClass *oc = G_OBJECT_CLASS (g_class);
  GstElementClass *ec = GST_ELEMENT_CLASS (g_class);
  const StandinDesc *d = data;

  standin_parent_class = g_type_class_peek_parent (g_class);
  ((StandinClass *) g_class)->desc = d;
  next_prop_id = 0;
  oc->set_property = standin_set_property;
  oc->get_property = standin_get_property;
  oc->finalize = standin_finalize;
  ec->change_state = standin_change_state;
  if (d->install)
    d->install (oc);
  if (d->sink_caps)
    gst_element_class_add_pad_template (ec, gst_pad_template_new ("sink", GST_PAD_SINK, GST_PAD_ALWAYS,
            gst_caps_from_string (d->sink_caps)));
  if (d->src_caps)
    gst_element_class_add_pad_template (ec, gst_pad_template_new ("src", GST_PAD_SRC, GST_PAD_ALWAYS,
            gst_caps_from_string (d->src_caps)));
  if (d->request_src)
    gst_element_class_add_pad_template (ec, gst_pad_template_new (d->request_src, GST_PAD_SRC, GST_PAD_REQUEST,
            gst_caps_from_string (d->src_caps)));
  gst_element_class_set_metadata (ec, d->longname, d->klass, d->description, "gstcast stand-in");
}

static void
standin_init (GTypeInstance * instance, gpointer g_class)
{
  Standin *self = (Standin *) instance;
  GObjectClass *oc = G_OBJECT_CLASS (g_class);
  GstElementClass *ec = GST_ELEMENT_CLASS (g_class);
  const StandinDesc *d = ((StandinClass *) g_class)->desc;
  guint n, i, max = 0;
  GParamSpec **specs = g_object_class_list_properties (oc, &n);

  self->desc = d;
  for (i = 0; i < n; i++)
    if (specs[i]->owner_type == G_TYPE_FROM_CLASS (g_class) && specs[i]->param_id > max)
      max = specs[i]->param_id;
  self->nvalues = max + 1;
  self->values = g_new0 (GValue, self->nvalues);
  for (i = 0; i < n; i++) {
    if (specs[i]->owner_type != G_TYPE_FROM_CLASS (g_class))
      continue;
    g_value_init (&self->values[specs[i]->param_id], specs[i]->value_type);
    g_param_value_set_default (specs[i], &self->values[specs[i]->param_id]);
  }
  g_free (specs);
  if (d->sink_caps) {
    self->sinkpad = gst_ghost_pad_new_no_target_from_template ("sink", gst_element_class_get_pad_template (ec, "sink"));
    gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);
  }
  if (d->src_caps) {
    self->srcpad = gst_ghost_pad_new_no_target_from_template ("src", gst_element_class_get_pad_template (ec, "src"));
    gst_element_add_pad (GST_ELEMENT (self), self->srcpad);
  }
  if (d->inner)
    make_inner (self, d->inner);
}

static gboolean
register_standin (GstPlugin * plugin, const StandinDesc * d)
{
  GTypeInfo info = { sizeof (StandinClass), NULL, NULL, standin_class_init, NULL, d,
    sizeof (Standin), 0, standin_init, NULL
  };
  gchar *tname;
  GType type;

  if (d->available && !d->available ())
    return TRUE;
  /* "Gst" + the element name: GStreamer names instances after their type without "Gst", so a
   * stand-in nvarguscamerasrc is nvarguscamerasrc0, as the real one is */
  tname = g_strdup_printf ("Gst%s", d->name);
  type = g_type_register_static (GST_TYPE_BIN, tname, &info, 0);
  g_free (tname);
  return gst_element_register (plugin, d->name, GST_RANK_NONE, type);
}

/* ===== property helpers ===== */

#define RW (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS)
#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)

static void
add (GObjectClass * oc, GParamSpec * ps)
{
  g_object_class_install_property (oc, ++next_prop_id, ps);
}

static GType
make_enum (const gchar * name, const GEnumValue * values)
{
  GType t = g_type_from_name (name);
  return t ? t : g_enum_register_static (name, values);
}

/* the properties every GstBaseSrc has; the real sources are base sources */
static void
basesrc_props (GObjectClass * oc)
{
  add (oc, g_param_spec_uint ("blocksize", "Block size", "Size in bytes to read per buffer (-1 = default)", 0, G_MAXUINT, 4096, RW));
  add (oc, g_param_spec_int ("num-buffers", "num-buffers", "Number of buffers to output before sending EOS (-1 = unlimited)", -1, G_MAXINT, -1, RW));
  add (oc, g_param_spec_boolean ("typefind", "Typefind", "Run typefind before negotiating (deprecated, non-functional)", FALSE, RW | G_PARAM_DEPRECATED));
  add (oc, g_param_spec_boolean ("do-timestamp", "Do timestamp", "Apply current stream time to buffers", TRUE, RW));
}

/* pass num-buffers on to the inner videotestsrc named v */
static void
pass_num_buffers (Standin * self)
{
  gchar *n = g_strdup_printf ("%d", g_value_get_int (prop (self, "num-buffers")));
  set_inner (self, "v", "num-buffers", n);
  g_free (n);
}

/* the V4L2 memory-to-memory properties (gst_v4l2_object_install_m2m_properties_helper) */
static GType
v4l2_io_mode_type (void)
{
  static const GEnumValue v[] = {
    {0, "GST_V4L2_IO_AUTO", "auto"}, {1, "GST_V4L2_IO_RW", "rw"}, {2, "GST_V4L2_IO_MMAP", "mmap"},
    {3, "GST_V4L2_IO_USERPTR", "userptr"}, {4, "GST_V4L2_IO_DMABUF", "dmabuf"},
    {5, "GST_V4L2_IO_DMABUF_IMPORT", "dmabuf-import"}, {0, NULL, NULL}
  };
  /* not GstV4l2IOMode: the real video4linux2 plugin (v4l2src) registers that name in the same process */
  return make_enum ("GstcastStandinV4l2IOMode", v);
}

static void
m2m_props (GObjectClass * oc, const gchar * device, GType output_io, GType capture_io)
{
  add (oc, g_param_spec_string ("device", "Device", "Device location", device, RO));
  add (oc, g_param_spec_string ("device-name", "Device name", "Name of the device", NULL, RO));
  add (oc, g_param_spec_int ("device-fd", "File descriptor", "File descriptor of the device", -1, G_MAXINT, -1, RO));
  add (oc, g_param_spec_enum ("output-io-mode", "Output IO mode", "Output side I/O mode (matches sink pad)", output_io, 0, RW));
  add (oc, g_param_spec_enum ("capture-io-mode", "Capture IO mode", "Capture I/O mode (matches src pad)", capture_io, 0, RW));
  add (oc, g_param_spec_boxed ("extra-controls", "Extra Controls", "Extra v4l2 controls (CIDs) for the device",
          GST_TYPE_STRUCTURE, RW));
}

static gboolean
open_fails (Standin * self, const gchar * device)
{
  GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ_WRITE,
      ("Could not open device '%s' for reading and writing.", device), ("system error: No such file or directory"));
  return FALSE;
}

/* ===== NVIDIA Jetson ===== */

typedef struct
{
  gint w, h;
  gdouble fps;
  guint64 duration;
} ArgusMode;

/* an IMX219 (Raspberry Pi camera v2) as a Jetson Nano lists it */
static const ArgusMode argus_modes[] = {
  {3264, 2464, 21.000000, 47619048}, {3264, 1848, 28.000001, 35714284}, {1920, 1080, 29.999999, 33333334},
  {1640, 1232, 29.999999, 33333334}, {1280, 720, 59.999999, 16666667},
};

#define ARGUS_MODES G_N_ELEMENTS (argus_modes)
#define ARGUS_EXP_MIN 13000
#define ARGUS_EXP_MAX 683709000
#define ARGUS_GAIN_MIN 1.0
#define ARGUS_GAIN_MAX 10.625

static void
argus_install (GObjectClass * oc)
{
  static const GEnumValue wb[] = {
    {0, "GST_NVCAM_WB_MODE_OFF", "off"}, {1, "GST_NVCAM_WB_MODE_AUTO", "auto"},
    {2, "GST_NVCAM_WB_MODE_INCANDESCENT", "incandescent"}, {3, "GST_NVCAM_WB_MODE_FLUORESCENT", "fluorescent"},
    {4, "GST_NVCAM_WB_MODE_WARM_FLUORESCENT", "warm-fluorescent"}, {5, "GST_NVCAM_WB_MODE_DAYLIGHT", "daylight"},
    {6, "GST_NVCAM_WB_MODE_CLOUDY_DAYLIGHT", "cloudy-daylight"}, {7, "GST_NVCAM_WB_MODE_TWILIGHT", "twilight"},
    {8, "GST_NVCAM_WB_MODE_SHADE", "shade"}, {9, "GST_NVCAM_WB_MODE_MANUAL", "manual"}, {0, NULL, NULL}
  };
  static const GEnumValue tnr[] = {
    {0, "GST_NVCAM_NR_OFF", "NoiseReduction_Off"}, {1, "GST_NVCAM_NR_FAST", "NoiseReduction_Fast"},
    {2, "GST_NVCAM_NR_HIGHQUALITY", "NoiseReduction_HighQuality"}, {0, NULL, NULL}
  };
  static const GEnumValue ee[] = {
    {0, "GST_NVCAM_EE_OFF", "EdgeEnhancement_Off"}, {1, "GST_NVCAM_EE_FAST", "EdgeEnhancement_Fast"},
    {2, "GST_NVCAM_EE_HIGHQUALITY", "EdgeEnhancement_HighQuality"}, {0, NULL, NULL}
  };
  static const GEnumValue ab[] = {
    {0, "GST_NVCAM_AEANTIBANDING_OFF", "AeAntibandingMode_Off"}, {1, "GST_NVCAM_AEANTIBANDING_AUTO", "AeAntibandingMode_Auto"},
    {2, "GST_NVCAM_AEANTIBANDING_50HZ", "AeAntibandingMode_50HZ"}, {3, "GST_NVCAM_AEANTIBANDING_60HZ", "AeAntibandingMode_60HZ"},
    {0, NULL, NULL}
  };
  basesrc_props (oc);
  add (oc, g_param_spec_uint64 ("acquire-wait", "Acquire Frame Timeout (in nanosec)", "Set the waiting time for the acquireFrame before timeout. Default 5000000000 (in nanosec)",
          5000000000ULL, G_MAXUINT64, 5000000000ULL, RW));
  add (oc, g_param_spec_enum ("aeantibanding", "Auto Exposure Antibanding Mode", "property to set the auto exposure antibanding mode",
          make_enum ("GstNvArgusCamAeAntiBandingMode", ab), 1, RW));
  add (oc, g_param_spec_boolean ("aelock", "AE Lock", "set or unset the auto exposure lock", FALSE, RW));
  add (oc, g_param_spec_string ("aeregion", "AE Region", "Property to set region of interest for auto exposure", NULL, RW));
  add (oc, g_param_spec_boolean ("awblock", "AWB Lock", "set or unset the auto white balance lock", FALSE, RW));
  add (oc, g_param_spec_enum ("ee-mode", "Edge Enhancement", "property to select edge enhnacement mode",
          make_enum ("GstNvArgusCamEEMode", ee), 1, RW));
  add (oc, g_param_spec_float ("ee-strength", "TNR Strength", "property to adjust edge enhancement strength", -1.0, 1.0, -1.0, RW));
  add (oc, g_param_spec_uint64 ("event-wait", "Event Timeout (in nanosec)", "Set the waiting time for the event before timeout. Default 3000000000 (in nanosec)",
          3000000000ULL, G_MAXUINT64, 3000000000ULL, RW));
  add (oc, g_param_spec_float ("exposurecompensation", "Exposure Compensation", "property to adjust exposure compensation", -2.0, 2.0, 0.0, RW));
  add (oc, g_param_spec_string ("exposuretimerange", "Exposure Time Range", "Property to adjust exposure time range in nanoseconds", NULL, RW));
  add (oc, g_param_spec_string ("gainrange", "Gain Range", "Property to adjust gain range", NULL, RW));
  add (oc, g_param_spec_string ("ispdigitalgainrange", "ISP Digital Gain Range", "Property to adjust digital gain range", NULL, RW));
  add (oc, g_param_spec_float ("saturation", "saturation", "Property to adjust saturation value", 0.0, 2.0, 1.0, RW));
  add (oc, g_param_spec_int ("sensor-id", "Sensor ID", "Set the id of camera sensor to use. Default 0.", 0, G_MAXUINT8, 0, RW));
  add (oc, g_param_spec_int ("sensor-mode", "Sensor Mode", "Set the camera sensor mode to use. Default -1 (Select the best match)", -1, G_MAXUINT8, -1, RW));
  add (oc, g_param_spec_boolean ("show-latency", "Show Latency", "Show capture latency between start of frame and GstBuffer push", FALSE, RW));
  add (oc, g_param_spec_boolean ("silent", "Silent", "Produce verbose output ?", TRUE, RW));
  add (oc, g_param_spec_uint ("timeout", "timeout", "timeout to capture in seconds (Either specify timeout or num-buffers, not both)", 0, G_MAXINT, 0, RW));
  add (oc, g_param_spec_enum ("tnr-mode", "TNR mode", "property to select temporal noise reduction mode",
          make_enum ("GstNvArgusCamTNRMode", tnr), 1, RW));
  add (oc, g_param_spec_float ("tnr-strength", "TNR Strength", "property to adjust temporal noise reduction strength", -1.0, 1.0, -1.0, RW));
  add (oc, g_param_spec_int ("total-sensor-modes", "Total Sensor Modes", "Query the number of sensor modes available. Default 0", 0, G_MAXUINT8, 0, RO));
  add (oc, g_param_spec_enum ("wbmode", "white balance mode", "White balance affects the color temperature of the photo",
          make_enum ("GstNvArgusCamWBMode", wb), 1, RW));
}

/* range_ok checks "low high" as nvarguscamerasrc's set_range does, within limits */
static gboolean
range_ok (const gchar * v, gdouble min, gdouble max)
{
  gdouble lo, hi;
  if (!v)
    return TRUE;
  if (sscanf (v, "%lf %lf", &lo, &hi) != 2 || lo > hi || lo < min || hi > max)
    return FALSE;
  return TRUE;
}

static gboolean
argus_ready (Standin * self)
{
  gint sensors = g_getenv ("GSTCAST_STANDIN_ARGUS_SENSORS") ? atoi (g_getenv ("GSTCAST_STANDIN_ARGUS_SENSORS")) : 1;
  gint id = g_value_get_int (prop (self, "sensor-id"));
  gint mode = g_value_get_int (prop (self, "sensor-mode"));
  gchar *caps;
  guint i;

  if (id >= sensors) {
    printf ("Error generated. /dvs/git/dirty/git-master_linux/multimedia/nvgstreamer/gst-nvarguscamera/"
        "gstnvarguscamerasrc.cpp, execute:751 Invalid camera index %d (%d cameras)\n", id, sensors);
    fflush (stdout);
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND, ("No camera with sensor-id %d (%d available)", id, sensors), (NULL));
    return FALSE;
  }
  if (mode >= (gint) ARGUS_MODES) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("Invalid sensor mode %d: the sensor has %u", mode, (guint) ARGUS_MODES), (NULL));
    return FALSE;
  }
  if (!range_ok (g_value_get_string (prop (self, "exposuretimerange")), ARGUS_EXP_MIN, ARGUS_EXP_MAX) ||
      !range_ok (g_value_get_string (prop (self, "gainrange")), ARGUS_GAIN_MIN, ARGUS_GAIN_MAX) ||
      !range_ok (g_value_get_string (prop (self, "ispdigitalgainrange")), 1, 256)) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("Argus rejected a range setting (exposuretimerange, gainrange or ispdigitalgainrange)"), (NULL));
    return FALSE;
  }
  if (mode >= 0)
    caps = g_strdup_printf ("video/x-raw,format=NV12,width=[16,%d],height=[16,%d],framerate=[1/1,%d/1]",
        argus_modes[mode].w, argus_modes[mode].h, (gint) (argus_modes[mode].fps + 0.5));
  else
    caps = g_strdup ("video/x-raw,format=NV12,width=[16,3264],height=[16,2464],framerate=[1/1,60/1]");
  set_inner_caps (self, "modes", caps);
  g_free (caps);
  pass_num_buffers (self);
  /* what nvarguscamerasrc prints when it opens the sensor */
  printf ("GST_ARGUS: Creating output stream\nCONSUMER: Waiting until producer is connected...\n"
      "GST_ARGUS: Available Sensor modes :\n");
  for (i = 0; i < ARGUS_MODES; i++)
    printf ("GST_ARGUS: %d x %d FR = %f fps Duration = %" G_GUINT64_FORMAT " ; Analog Gain range min %f, max %f; "
        "Exposure Range min %d, max %d;\n\n", argus_modes[i].w, argus_modes[i].h, argus_modes[i].fps,
        argus_modes[i].duration, ARGUS_GAIN_MIN, ARGUS_GAIN_MAX, ARGUS_EXP_MIN, ARGUS_EXP_MAX);
  printf ("GST_ARGUS: Running with following settings:\n   Camera index = %d \n   Camera mode  = %d \n", id, mode < 0 ? 2 : mode);
  fflush (stdout);
  return TRUE;
}

#define NVMM_ENC_SINK \
  "video/x-raw(memory:NVMM), width=(int)[1,2147483647], height=(int)[1,2147483647], " \
  "format=(string){ I420, NV12, P010_10LE, Y444, Y444_10LE, NV24 }, framerate=(fraction)[0/1,2147483647/1]"

static void
nvenc_install_common (GObjectClass * oc)
{
  static const GEnumValue rc[] = {
    {0, "GST_V4L2_VIDENC_VARIABLE_BITRATE", "variable_bitrate"}, {1, "GST_V4L2_VIDENC_CONSTANT_BITRATE", "constant_bitrate"},
    {0, NULL, NULL}
  };
  static const GEnumValue preset[] = {
    {0, "Disable HW-Preset", "DisablePreset"}, {1, "UltraFastPreset for high perf", "UltraFastPreset"},
    {2, "FastPreset", "FastPreset"}, {3, "MediumPreset", "MediumPreset"}, {4, "SlowPreset", "SlowPreset"}, {0, NULL, NULL}
  };
  static const GEnumValue out_io[] = {
    {0, "GST_V4L2_IO_AUTO", "auto"}, {2, "GST_V4L2_IO_MMAP", "mmap"}, {5, "GST_V4L2_IO_DMABUF_IMPORT", "dmabuf-import"},
    {0, NULL, NULL}
  };
  static const GEnumValue cap_io[] = {
    {0, "GST_V4L2_IO_AUTO", "auto"}, {2, "GST_V4L2_IO_MMAP", "mmap"}, {0, NULL, NULL}
  };
  add (oc, g_param_spec_enum ("control-rate", "ratecontrol", "Set control rate for v4l2 encode",
          make_enum ("GstV4l2VideoEncRateControlType", rc), 1, RW));
  add (oc, g_param_spec_uint ("bitrate", "Target Bitrate", "Set bitrate for v4l2 encode", 0, G_MAXUINT, 4000000, RW));
  add (oc, g_param_spec_uint ("iframeinterval", "Intra Frame interval", "Encoding Intra Frame occurance frequency", 0, G_MAXUINT, 30, RW));
  add (oc, g_param_spec_string ("qp-range", "qpp-range", "Qunatization range for P, I and B frame", "-1,-1:-1,-1:-1,-1", RW));
  add (oc, g_param_spec_uint ("idrinterval", "IDR Frame interval", "Encoding IDR Frame occurance frequency", 0, G_MAXUINT, 256, RW));
  add (oc, g_param_spec_uint ("peak-bitrate", "Peak Bitrate", "Peak bitrate in variable control-rate", 0, G_MAXUINT, 0, RW));
  add (oc, g_param_spec_uint ("quant-i-frames", "I-Frame Quantization", "Quantization parameter for I-frames", 0, G_MAXUINT, 0xffffffff, RW));
  add (oc, g_param_spec_uint ("quant-p-frames", "P-Frame Quantization", "Quantization parameter for P-frames", 0, G_MAXUINT, 0xffffffff, RW));
  add (oc, g_param_spec_uint ("quant-b-frames", "B-Frame Quantization", "Quantization parameter for B-frames", 0, G_MAXUINT, 0xffffffff, RW));
  add (oc, g_param_spec_enum ("preset-level", "HWpresetlevelforencoder", "HW preset level for encoder",
          make_enum ("GstV4L2VideoEncHwPreset", preset), 1, RW));
  add (oc, g_param_spec_uint ("vbv-size", "vb size attribute", "virtual buffer size ", 0, G_MAXUINT, 4000000, RW));
  add (oc, g_param_spec_boolean ("MeasureEncoderLatency", "Enable Measure Encoder Latency", "Enable Measure Encoder latency Per Frame", FALSE, RW));
  add (oc, g_param_spec_boolean ("ratecontrol-enable", "Enable or Disable rate control mode", "Enable or Disable rate control mode", TRUE, RW));
  add (oc, g_param_spec_boolean ("maxperf-enable", "Enable or Disable Max Performance mode", "Enable or Disable Max Performance mode", FALSE, RW));
  add (oc, g_param_spec_boolean ("insert-sps-pps", "Insert SPS, PPS", "Insert SPS, PPS at every IDR frame", FALSE, RW));
  add (oc, g_param_spec_boolean ("insert-vui", "Insert VUI", "Insert VUI(Video Usability Information) in SPS", FALSE, RW));
  add (oc, g_param_spec_boolean ("insert-aud", "Insert AUD", "Insert Access Unit Delimiter(AUD)", FALSE, RW));
  add (oc, g_param_spec_uint ("num-B-Frames", "B Frames between two reference frames", "Number of B Frames between two reference frames (not recommended)", 0, 2, 0, RW));
  add (oc, g_param_spec_boolean ("EnableTwopassCBR", "Enable Two pass CBR", "Enable two pass CBR while encoding", FALSE, RW));
  add (oc, g_param_spec_uint ("num-Ref-Frames", "Sets the number of reference frames for encoder", "Number of Reference Frames for encoder", 0, 8, 1, RW));
  add (oc, g_param_spec_uint ("SliceIntraRefreshInterval", "SliceIntraRefreshInterval", "Set SliceIntraRefreshInterval", 0, G_MAXUINT, 60, RW));
  add (oc, g_param_spec_uint64 ("slice-header-spacing", "Slice Header Spacing", "Slice Header Spacing number of macroblocks/bits in one packet", 0, G_MAXUINT64, 0, RW));
  add (oc, g_param_spec_boolean ("bit-packetization", "Bit Based Packetization", "Whether or not Packet size is based upon Number Of bits", FALSE, RW));
  add (oc, g_param_spec_boolean ("EnableMVBufferMeta", "Enable Motion Vector Meta data", "Enable Motion Vector Meta data for encoding", FALSE, RW));
  m2m_props (oc, "/dev/v4l2-nvenc", make_enum ("GstNvV4l2EncOutputIOMode", out_io), make_enum ("GstNvV4l2EncCaptureIOMode", cap_io));
}

static void
nvv4l2h264enc_install (GObjectClass * oc)
{
  static const GEnumValue profile[] = {
    {0, "GST_V4L2_H264_VIDENC_BASELINE_PROFILE", "Baseline"}, {2, "GST_V4L2_H264_VIDENC_MAIN_PROFILE", "Main"},
    {4, "GST_V4L2_H264_VIDENC_HIGH_PROFILE", "High"}, {14, "GST_V4L2_H264_VIDENC_HIGH_444_PREDICTIVE", "High444"},
    {0, NULL, NULL}
  };
  add (oc, g_param_spec_enum ("profile", "profile", "Set profile for v4l2 encode",
          make_enum ("GstV4l2VideoEncProfileType", profile), 0, RW));
  add (oc, g_param_spec_uint ("poc-type", "Picture Order Count type", "Set Picture Order Count type value", 0, 2, 0, RW));
  add (oc, g_param_spec_boolean ("disable-cabac", "Set Entropy Coding", "Set Entropy Coding Type CAVLC(TRUE) or CABAC(FALSE)", FALSE, RW));
  add (oc, g_param_spec_boolean ("enable-lossless", "Enable Lossless encoding", "Enable lossless encoding for YUV444", FALSE, RW));
  nvenc_install_common (oc);
}

static void
nvv4l2h265enc_install (GObjectClass * oc)
{
  static const GEnumValue profile[] = {
    {0, "GST_V4L2_H265_VIDENC_MAIN_PROFILE", "Main"}, {1, "GST_V4L2_H265_VIDENC_MAIN10_PROFILE", "Main10"},
    {0, NULL, NULL}
  };
  add (oc, g_param_spec_enum ("profile", "profile", "Set profile for v4l2 encode",
          make_enum ("GstV4l2VideoEncH265ProfileType", profile), 0, RW));
  add (oc, g_param_spec_boolean ("enable-lossless", "Enable Lossless encoding", "Enable lossless encoding for YUV444", FALSE, RW));
  nvenc_install_common (oc);
}

/* nvenc_ready: an Orin Nano has no NVENC: the encoder cannot open its device. Otherwise the
 * encoder's settings become x264enc's (or x265enc's): bit/s to kbit/s, iframeinterval to
 * key-int-max, the profile into the caps after it. */
static gboolean
nvenc_ready (Standin * self)
{
  gchar *v;
  if (board_is ("orin-nano"))
    return open_fails (self, "/dev/v4l2-nvenc");
  v = g_strdup_printf ("%u", MAX (1, g_value_get_uint (prop (self, "bitrate")) / 1000));
  set_inner (self, "x", "bitrate", v);
  g_free (v);
  v = g_strdup_printf ("%u", MAX (1, g_value_get_uint (prop (self, "iframeinterval"))));
  set_inner (self, "x", "key-int-max", v);
  g_free (v);
  return TRUE;
}

static gboolean
nvv4l2h264enc_ready (Standin * self)
{
  const gchar *profile;
  gchar *caps;
  if (!nvenc_ready (self))
    return FALSE;
  switch (g_value_get_enum (prop (self, "profile"))) {
    case 2:
      profile = "main";
      break;
    case 4:
      profile = "high";
      break;
    case 14:
      profile = "high-4:4:4";
      break;
    default:
      profile = "{ baseline, constrained-baseline }";
  }
  caps = g_strdup_printf ("video/x-h264,stream-format=byte-stream,alignment=au,profile=(string)%s", profile);
  set_inner_caps (self, "out", caps);
  g_free (caps);
  return TRUE;
}

static void
nvvidconv_install (GObjectClass * oc)
{
  static const GEnumValue hw[] = {
    {0, "Default, VIC for Jetson", "Default"}, {1, "GPU", "GPU"}, {2, "VIC", "VIC"}, {0, NULL, NULL}
  };
  static const GEnumValue flip[] = {
    {0, "Identity (no rotation)", "none"}, {1, "Rotate counter-clockwise 90 degrees", "counterclockwise"},
    {2, "Rotate 180 degrees", "rotate-180"}, {3, "Rotate clockwise 90 degrees", "clockwise"},
    {4, "Flip horizontally", "horizontal-flip"}, {5, "Flip across upper right/lower left diagonal", "upper-right-diagonal"},
    {6, "Flip vertically", "vertical-flip"}, {7, "Flip across upper left/lower right diagonal", "upper-left-diagonal"},
    {0, NULL, NULL}
  };
  static const GEnumValue interp[] = {
    {0, "Nearest", "Nearest"}, {1, "Bilinear", "Bilinear"}, {2, "5-Tap", "5-Tap"}, {3, "10-Tap", "10-Tap"},
    {4, "Smart", "Smart"}, {5, "Nicest", "Nicest"}, {0, NULL, NULL}
  };
  static const GEnumValue mem[] = {
    {0, "Default memory allocated, specific to particular platform", "nvbuf-mem-default"},
    {1, "Allocate Pinned/Host cuda memory", "nvbuf-mem-cuda-pinned"},
    {2, "Allocate Device cuda memory", "nvbuf-mem-cuda-device"},
    {4, "Allocate Surface Array memory, applicable for Jetson", "nvbuf-mem-surface-array"}, {0, NULL, NULL}
  };
  add (oc, g_param_spec_boolean ("bl-output", "bl-output", "Blocklinear output, applicable only for memory:NVMM NV12 format output buffer when compute hw is VIC", TRUE, RW));
  add (oc, g_param_spec_int ("bottom", "bottom", "Pixels to crop at bottom", 0, G_MAXINT, 0, RW));
  add (oc, g_param_spec_enum ("compute-hw", "compute-hw", "Compute Scaling HW", make_enum ("GstNvVidConvComputeHWType", hw), 0, RW));
  add (oc, g_param_spec_enum ("flip-method", "flip-method", "video flip methods", make_enum ("GstNvVideoFlipMethod", flip), 0, RW));
  add (oc, g_param_spec_uint ("gpu-id", "gpu-id", "Set GPU Device ID for operation", 0, G_MAXUINT, 0, RW));
  add (oc, g_param_spec_enum ("interpolation-method", "interpolation-method", "Set interpolation methods",
          make_enum ("GstInterpolationMethod", interp), 0, RW));
  add (oc, g_param_spec_int ("left", "left", "Pixels to crop at left", 0, G_MAXINT, 0, RW));
  add (oc, g_param_spec_enum ("nvbuf-memory-type", "nvbuf-memory-type", "Type of NvBufSurface Memory to be allocated for output buffers when compute hw is GPU and memory is NVMM",
          make_enum ("GstNvVidConvBufMemoryType", mem), 0, RW));
  add (oc, g_param_spec_uint ("output-buffers", "output-buffers", "number of output buffers", 1, G_MAXUINT, 4, RW));
  add (oc, g_param_spec_boolean ("qos", "QoS", "Handle Quality-of-Service events", FALSE, RW));
  add (oc, g_param_spec_int ("right", "right", "Pixels to crop at right", 0, G_MAXINT, 0, RW));
  add (oc, g_param_spec_boolean ("silent", "silent", "Produce verbose output ?", FALSE, RW));
  add (oc, g_param_spec_int ("top", "top", "Pixels to crop at top", 0, G_MAXINT, 0, RW));
}

static void
nvv4l2decoder_install (GObjectClass * oc)
{
  static const GEnumValue skip[] = {
    {0, "Decode all frames", "decode_all"}, {1, "Decode non-ref frames", "decode_non_ref"},
    {2, "decode key frames", "decode_key"}, {0, NULL, NULL}
  };
  static const GEnumValue io[] = {
    {0, "GST_V4L2_IO_AUTO", "auto"}, {2, "GST_V4L2_IO_MMAP", "mmap"}, {0, NULL, NULL}
  };
  add (oc, g_param_spec_enum ("skip-frames", "Skip frames", "Type of frames to skip during decoding",
          make_enum ("GstV4L2VideoDecSkipFrames", skip), 0, RW));
  add (oc, g_param_spec_uint ("drop-frame-interval", "Drop frames interval", "Interval to drop the frames,ex: value of 5 means every 5th frame will be given by decoder, rest all dropped", 0, 30, 0, RW));
  add (oc, g_param_spec_uint ("num-extra-surfaces", "Number of extra surfaces", "Additional number of surfaces in addition to min decode surfaces given by the v4l2 driver", 0, 55, 1, RW));
  add (oc, g_param_spec_boolean ("disable-dpb", "Disable DPB buffer", "Set to disable DPB buffer for low latency", FALSE, RW));
  add (oc, g_param_spec_boolean ("enable-full-frame", "Full Frame", "Whether or not the data is full framed", FALSE, RW));
  add (oc, g_param_spec_boolean ("enable-frame-type-reporting", "enable-frame-type-reporting", "Set to enable frame type reporting", FALSE, RW));
  add (oc, g_param_spec_boolean ("mjpeg", "Open MJPEG Block", "Set to open MJPEG block", FALSE, RW));
  add (oc, g_param_spec_boolean ("enable-error-check", "enable-error-check", "Set to enable error check", FALSE, RW));
  add (oc, g_param_spec_boolean ("enable-max-performance", "Enable max performance", "Set to enable max performance", FALSE, RW));
  m2m_props (oc, "/dev/nvhost-nvdec", make_enum ("GstNvV4l2DecOutputIOMode", io), make_enum ("GstNvV4l2DecCaptureIOMode", io));
}

/* ===== Raspberry Pi ===== */

static gboolean
has_v4l2_m2m (void)
{
  return !board_is ("pi5");
}

#define PI_CAMERA "/base/soc/i2c0mux/i2c@1/imx708@1a"

static void
libcamerasrc_install (GObjectClass * oc)
{
  static const GEnumValue af[] = {
    {0, "AfModeManual", "manual-focus"}, {1, "AfModeAuto", "automatic-auto-focus"},
    {2, "AfModeContinuous", "continuous-auto-focus"}, {0, NULL, NULL}
  };
  add (oc, g_param_spec_string ("camera-name", "Camera Name", "Select by name which camera to use.", NULL,
          G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY));
  add (oc, g_param_spec_enum ("auto-focus-mode", "Set auto-focus mode", "Available options: AfModeManual, AfModeAuto or AfModeContinuous.",
          make_enum ("GstLibcameraAutoFocus", af), 0, G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS));
}

static gboolean
libcamerasrc_paused (Standin * self)
{
  const gchar *name = g_value_get_string (prop (self, "camera-name"));
  if (name && g_strcmp0 (name, PI_CAMERA) != 0) {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND, ("Could not find a camera named '%s'.", name),
        ("libcamera::CameraMananger::get() returned nullptr"));
    return FALSE;
  }
  return TRUE;
}

/* the upstream V4L2 M2M elements (bcm2835-codec on a Pi 4) */
#define PI_RAW "video/x-raw, format=(string){ I420, YV12, NV12, NV21, RGB16, RGB, BGR, BGRx, BGRA, YUY2, YVYU, UYVY }, " \
  "width=(int)[32,1920], height=(int)[32,1920], framerate=(fraction)[0/1,2147483647/1]"

static void
v4l2m2m_install (GObjectClass * oc, const gchar * device)
{
  m2m_props (oc, device, v4l2_io_mode_type (), v4l2_io_mode_type ());
}

static void
v4l2h264enc_install (GObjectClass * oc)
{
  v4l2m2m_install (oc, "/dev/video11");
}

static void
v4l2h264dec_install (GObjectClass * oc)
{
  v4l2m2m_install (oc, "/dev/video10");
}

static void
v4l2convert_install (GObjectClass * oc)
{
  v4l2m2m_install (oc, "/dev/video12");
  add (oc, g_param_spec_boolean ("disable-passthrough", "Disable Passthrough", "Forces passing buffers through the converter", FALSE, RW));
}

/* v4l2h264enc_paused: the V4L2 controls of extra-controls become x264enc's settings, as the
 * bcm2835 encoder takes them (video_bitrate in bit/s, h264_i_frame_period in frames); the
 * level downstream asks for is the one the stream says (the driver writes it into the SPS). */
static gboolean
v4l2h264enc_ready (Standin * self)
{
  const GstStructure *c = g_value_get_boxed (prop (self, "extra-controls"));
  gint n;
  if (c) {
    guint i;
    for (i = 0; i < (guint) gst_structure_n_fields (c); i++) {
      const gchar *f = gst_structure_nth_field_name (c, i);
      if (strcmp (f, "video_bitrate") && strcmp (f, "h264_i_frame_period") && strcmp (f, "repeat_sequence_header") &&
          strcmp (f, "video_bitrate_mode") && strcmp (f, "h264_level") && strcmp (f, "h264_profile"))
        GST_WARNING_OBJECT (self, "Control '%s' does not exist or has an unsupported type.", f);
    }
    if (gst_structure_get_int (c, "video_bitrate", &n)) {
      gchar *v = g_strdup_printf ("%d", MAX (1, n / 1000));
      set_inner (self, "x", "bitrate", v);
      g_free (v);
    }
    if (gst_structure_get_int (c, "h264_i_frame_period", &n) && n > 0) {
      gchar *v = g_strdup_printf ("%d", n);
      set_inner (self, "x", "key-int-max", v);
      g_free (v);
    }
  }
  return TRUE;
}

static gboolean
v4l2h264enc_paused (Standin * self)
{
  GstCaps *peer = gst_pad_peer_query_caps (self->srcpad, NULL);
  const gchar *level = NULL;
  if (peer && !gst_caps_is_empty (peer) && !gst_caps_is_any (peer))
    level = gst_structure_get_string (gst_caps_get_structure (peer, 0), "level");
  if (level)
    set_inner (self, "lvl", "value", level);
  if (peer)
    gst_caps_unref (peer);
  return TRUE;
}

/* ===== Windows ===== */

typedef struct
{
  const gchar *name, *path, *caps;
} MFCamera;

static const MFCamera mf_cameras[] = {
  {"HD Pro Webcam C920",
        "\\\\?\\usb#vid_046d&pid_082d&mi_00#7&2a1b3c4d&0&0000#{e5323777-f976-4f5b-9b55-b94699c46e44}\\global",
        "video/x-raw, format=(string)YUY2, width=(int)640, height=(int)480, framerate=(fraction)30/1; "
        "video/x-raw, format=(string)YUY2, width=(int)1280, height=(int)720, framerate=(fraction)10/1; "
        "video/x-raw, format=(string)NV12, width=(int)1280, height=(int)720, framerate=(fraction)30/1; "
        "image/jpeg, width=(int)1280, height=(int)720, framerate=(fraction)30/1; "
        "image/jpeg, width=(int)1920, height=(int)1080, framerate=(fraction)30/1"},
  {"Integrated Camera",
        "\\\\?\\usb#vid_04f2&pid_b6d9&mi_00#6&1c2e3f4a&0&0000#{e5323777-f976-4f5b-9b55-b94699c46e44}\\global",
        "video/x-raw, format=(string)NV12, width=(int)640, height=(int)480, framerate=(fraction)30/1; "
        "image/jpeg, width=(int)1280, height=(int)720, framerate=(fraction)30/1"},
};

static void
mfvideosrc_install (GObjectClass * oc)
{
  basesrc_props (oc);
  add (oc, g_param_spec_string ("device-path", "Device Path", "The device path", NULL, RW | G_PARAM_CONSTRUCT));
  add (oc, g_param_spec_string ("device-name", "Device Name", "The human-readable device name", NULL, RW | G_PARAM_CONSTRUCT));
  add (oc, g_param_spec_int ("device-index", "Device Index", "The zero-based device index", -1, G_MAXINT, -1, RW | G_PARAM_CONSTRUCT));
  add (oc, g_param_spec_pointer ("dispatcher", "Dispatcher", "ICoreDispatcher COM object used for activating device from UI thread.", RW));
}

/* mfvideosrc_build opens the camera named by device-path, device-name or device-index (in that
 * order, as mfvideosrc does) and makes the inner chain for what downstream takes of the camera's
 * formats: raw frames, or JPEG frames the way an MJPEG camera sends them. */
static gchar *
mfvideosrc_build (Standin * self)
{
  const gchar *path = g_value_get_string (prop (self, "device-path"));
  const gchar *name = g_value_get_string (prop (self, "device-name"));
  gint index = g_value_get_int (prop (self, "device-index"));
  const MFCamera *cam = NULL;
  GstCaps *all, *peer, *pick;
  gchar *desc = NULL, *caps;
  gboolean jpeg;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (mf_cameras); i++) {
    if ((path && g_ascii_strcasecmp (path, mf_cameras[i].path) == 0) || (!path && name && strcmp (name, mf_cameras[i].name) == 0)
        || (!path && !name && (index == (gint) i || (index < 0 && i == 0))))
      cam = &mf_cameras[i];
  }
  if (!cam) {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND, ("Couldn't open device"),
        ("no camera with device-path %s, device-name %s or device-index %d", path ? path : "(none)", name ? name : "(none)", index));
    return NULL;
  }
  all = gst_caps_from_string (cam->caps);
  peer = self->srcpad ? gst_pad_peer_query_caps (self->srcpad, all) : gst_caps_ref (all);
  if (gst_caps_is_empty (peer)) {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, ("Couldn't negotiate: the camera %s offers %s", cam->name, cam->caps), (NULL));
    gst_caps_unref (all);
    gst_caps_unref (peer);
    return NULL;
  }
  pick = gst_caps_copy_nth (peer, 0);
  jpeg = gst_structure_has_name (gst_caps_get_structure (pick, 0), "image/jpeg");
  caps = gst_caps_to_string (pick);
  if (jpeg) {
    GstStructure *s = gst_structure_copy (gst_caps_get_structure (pick, 0));
    gchar *raw;
    gst_structure_set_name (s, "video/x-raw");
    gst_structure_set (s, "format", G_TYPE_STRING, "I420", NULL);
    raw = gst_structure_to_string (s);
    desc = g_strdup_printf ("videotestsrc name=v is-live=true pattern=ball ! capsfilter caps=\"%s\" ! jpegenc ! capsfilter caps=\"%s\"", raw, caps);
    g_free (raw);
    gst_structure_free (s);
  } else {
    desc = g_strdup_printf ("videotestsrc name=v is-live=true pattern=ball ! capsfilter caps=\"%s\"", caps);
  }
  g_free (caps);
  gst_caps_unref (pick);
  gst_caps_unref (all);
  gst_caps_unref (peer);
  return desc;
}

static gboolean
mfvideosrc_ready (Standin * self)
{
  pass_num_buffers (self);
  return TRUE;
}

static void
mfh264enc_install (GObjectClass * oc)
{
  static const GEnumValue rc[] = {
    {0, "Constant bitrate", "cbr"}, {1, "Peak Constrained variable bitrate", "pcvbr"},
    {2, "Unconstrained variable bitrate", "uvbr"}, {3, "Quality-based variable bitrate", "qvbr"}, {0, NULL, NULL}
  };
  static const GEnumValue adaptive[] = {
    {0, "None", "none"}, {1, "Adaptively change the frame rate", "framerate"}, {0, NULL, NULL}
  };
  static const GEnumValue content[] = {
    {0, "Unknown", "unknown"}, {1, "Fixed Camera Angle, such as a webcam", "fixed"}, {0, NULL, NULL}
  };
  add (oc, g_param_spec_uint ("bitrate", "Bitrate", "Bitrate in kbit/sec", 1, (G_MAXUINT >> 10), 2048, RW));
  add (oc, g_param_spec_enum ("rc-mode", "Rate Control Mode", "Rate Control Mode", make_enum ("GstMFH264EncRCMode", rc), 2, RW));
  add (oc, g_param_spec_enum ("adaptive-mode", "Adaptive Mode", "Adaptive Mode", make_enum ("GstMFH264EncAdaptiveMode", adaptive), 0, RW));
  add (oc, g_param_spec_uint ("vbv-buffer-size", "VBV Buffer Size", "VBV(HRD) Buffer Size in bytes (0 = MFT default)", 0, G_MAXUINT - 1, 0, RW));
  add (oc, g_param_spec_uint ("max-bitrate", "Max Bitrate", "The maximum bitrate applied when rc-mode is \"pcvbr\" in kbit/sec", 0, (G_MAXUINT >> 10), 0, RW));
  add (oc, g_param_spec_uint ("quality-vs-speed", "Quality Vs Speed", "Quality and speed tradeoff", 0, 100, 50, RW));
  add (oc, g_param_spec_boolean ("cabac", "Use CABAC", "Enable CABAC entropy coding", TRUE, RW));
  add (oc, g_param_spec_uint ("sps-id", "SPS Id", "The SPS id to use", 0, 31, 0, RW));
  add (oc, g_param_spec_uint ("pps-id", "PPS Id", "The PPS id to use", 0, 255, 0, RW));
  add (oc, g_param_spec_uint ("bframes", "bframes", "The maximum number of consecutive B frames", 0, 2, 0, RW));
  add (oc, g_param_spec_int ("gop-size", "GOP size", "The number of pictures from one GOP header to the next. (-1 for automatic)", -1, G_MAXINT, -1, RW));
  add (oc, g_param_spec_uint ("threads", "Threads", "The number of worker threads used by a encoder, (0 = MFT default)", 0, 16, 0, RW));
  add (oc, g_param_spec_enum ("content-type", "Content Type", "Indicates the type of video content", make_enum ("GstMFH264EncContentType", content), 0, RW));
  add (oc, g_param_spec_uint ("qp", "qp", "QP applied when rc-mode is \"qvbr\"", 16, 51, 24, RW));
  add (oc, g_param_spec_boolean ("low-latency", "Low Latency", "Enable low latency encoding", FALSE, RW));
  add (oc, g_param_spec_uint ("min-qp", "Min QP", "The minimum allowed QP applied to all rc-mode", 0, 51, 0, RW));
  add (oc, g_param_spec_uint ("max-qp", "Max QP", "The maximum allowed QP applied to all rc-mode", 0, 51, 51, RW));
  add (oc, g_param_spec_uint ("qp-i", "QP I", "QP applied to I frames", 0, 51, 26, RW));
  add (oc, g_param_spec_uint ("qp-p", "QP P", "QP applied to P frames", 0, 51, 26, RW));
  add (oc, g_param_spec_uint ("qp-b", "QP B", "QP applied to B frames", 0, 51, 26, RW));
  add (oc, g_param_spec_uint ("ref", "Reference Frames", "The number of reference frames", 0, 16, 2, RW));
  add (oc, g_param_spec_boolean ("d3d11-aware", "D3D11 Aware", "Whether device can support Direct3D11 interop", FALSE, RO));
  add (oc, g_param_spec_int64 ("adapter-luid", "Adapter LUID", "DXGI Adapter LUID for this elemenet", G_MININT64, G_MAXINT64, 0, RO));
}

static gboolean
mfh264enc_ready (Standin * self)
{
  gchar *v = g_strdup_printf ("%u", g_value_get_uint (prop (self, "bitrate")));
  gint gop = g_value_get_int (prop (self, "gop-size"));
  set_inner (self, "x", "bitrate", v);
  g_free (v);
  if (gop > 0) {
    v = g_strdup_printf ("%d", gop);
    set_inner (self, "x", "key-int-max", v);
    g_free (v);
  }
  v = g_strdup_printf ("%u", g_value_get_uint (prop (self, "bframes")));
  set_inner (self, "x", "bframes", v);
  g_free (v);
  return TRUE;
}

static void
d3d11dec_install (GObjectClass * oc)
{
  add (oc, g_param_spec_uint ("adapter", "Adapter", "DXGI Adapter index for creating device", 0, G_MAXUINT32, 0, RO));
  add (oc, g_param_spec_uint ("device-id", "Device Id", "DXGI Device ID", 0, G_MAXUINT32, 0, RO));
  add (oc, g_param_spec_uint ("vendor-id", "Vendor Id", "DXGI Vendor ID", 0, G_MAXUINT32, 0, RO));
}

static void
d3d11convert_install (GObjectClass * oc)
{
  static const GEnumValue gamma[] = {
    {0, "Disable gamma remapping", "none"}, {1, "Remap gamma", "remap"}, {0, NULL, NULL}
  };
  static const GEnumValue primaries[] = {
    {0, "Disable color primaries remapping", "none"}, {1, "Fast conversion", "fast"}, {2, "Remap color primaries", "remap"}, {0, NULL, NULL}
  };
  add (oc, g_param_spec_boolean ("add-borders", "Add Borders", "Add black borders if necessary to keep the display aspect ratio", TRUE, RW));
  add (oc, g_param_spec_uint64 ("border-color", "Border Color", "Border color to use in ARGB64 format", 0, G_MAXUINT64, G_GUINT64_CONSTANT (0xffff000000000000), RW));
  add (oc, g_param_spec_enum ("gamma-mode", "Gamma mode", "Gamma conversion mode", make_enum ("GstD3D11ConverterGammaMode", gamma), 0, RW));
  add (oc, g_param_spec_enum ("primaries-mode", "Primaries Mode", "Primaries conversion mode", make_enum ("GstD3D11ConverterPrimariesMode", primaries), 0, RW));
}

static void
d3d11screen_install (GObjectClass * oc)
{
  static const GEnumValue api[] = {
    {0, "DXGI Desktop Duplication", "dxgi"}, {1, "Windows Graphics Capture", "wgc"}, {0, NULL, NULL}
  };
  basesrc_props (oc);
  add (oc, g_param_spec_int ("adapter", "Adapter", "DXGI Adapter index for creating device when WGC mode is selected", -1, G_MAXINT32, -1, RW));
  add (oc, g_param_spec_enum ("capture-api", "Capture API", "Capture API to use", make_enum ("GstD3D11ScreenCaptureAPI", api), 0, RW));
  add (oc, g_param_spec_uint ("crop-height", "Crop Height", "Height of screen capture area (0 = maximum)", 0, G_MAXUINT16, 0, RW));
  add (oc, g_param_spec_uint ("crop-width", "Crop Width", "Width of screen capture area (0 = maximum)", 0, G_MAXUINT16, 0, RW));
  add (oc, g_param_spec_uint ("crop-x", "Crop X", "Horizontal coordinate of top left corner for the screen capture area", 0, G_MAXUINT16, 0, RW));
  add (oc, g_param_spec_uint ("crop-y", "Crop Y", "Vertical coordinate of top left corner for the screen capture area", 0, G_MAXUINT16, 0, RW));
  add (oc, g_param_spec_uint64 ("monitor-handle", "Monitor Handle", "A HMONITOR handle of monitor to capture", 0, G_MAXUINT64, 0, RW));
  add (oc, g_param_spec_int ("monitor-index", "Monitor Index", "Zero-based index for monitor to capture (-1 = primary monitor)", -1, G_MAXINT, -1, RW));
  add (oc, g_param_spec_boolean ("show-border", "Show Border", "Show border lines to capture area when WGC mode is selected", FALSE, RW));
  add (oc, g_param_spec_boolean ("show-cursor", "Show Mouse Cursor", "Whether to show mouse cursor", FALSE, RW));
  add (oc, g_param_spec_uint64 ("window-handle", "Window Handle", "A HWND handle of window to capture", 0, G_MAXUINT64, 0, RW));
}

/* two monitors: 0 (primary) 1920x1080, 1 1280x1024 */
static gchar *
d3d11screen_build (Standin * self)
{
  gint index = g_value_get_int (prop (self, "monitor-index"));
  gint w = index == 1 ? 1280 : 1920, h = index == 1 ? 1024 : 1080;
  guint cx = g_value_get_uint (prop (self, "crop-x")), cy = g_value_get_uint (prop (self, "crop-y"));
  guint cw = g_value_get_uint (prop (self, "crop-width")), ch = g_value_get_uint (prop (self, "crop-height"));
  gint right, bottom;
  if (index > 1) {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND, ("Failed to find monitor with index %d", index), (NULL));
    return NULL;
  }
  if (cw == 0)
    cw = w - cx;
  if (ch == 0)
    ch = h - cy;
  right = w - (gint) (cx + cw);
  bottom = h - (gint) (cy + ch);
  if (right < 0 || bottom < 0) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("Crop area %u,%u %ux%u is outside the %dx%d monitor", cx, cy, cw, ch, w, h), (NULL));
    return NULL;
  }
  return g_strdup_printf ("videotestsrc name=v is-live=true pattern=ball ! "
      "video/x-raw,format=BGRA,width=%d,height=%d,pixel-aspect-ratio=1/1,colorimetry=sRGB ! "
      "videocrop left=%u top=%u right=%d bottom=%d ! gstcaststandinmemory feature=memory:D3D11Memory mode=2",
      w, h, cx, cy, right, bottom);
}

static gboolean
d3d11screen_ready (Standin * self)
{
  pass_num_buffers (self);
  return TRUE;
}

/* ===== the stand-ins ===== */

#define D3D11_RAW_FORMATS "{ NV12, P010_10LE, P016_LE, I420, I420_10LE, Y444, Y444_16LE, RGBA, BGRA, RGB10A2_LE, VUYA, YUY2 }"

static const StandinDesc standins[] = {
  /* NVIDIA Jetson */
  {"nvarguscamerasrc", "NvArgusCameraSrc", "Video/Capture", "nVidia ARGUS Camera Source",
        NULL, "video/x-raw(memory:NVMM), width=(int)[1,2147483647], height=(int)[1,2147483647], format=(string){ NV12 }, "
        "framerate=(fraction)[0/1,2147483647/1]", NULL,
        "videotestsrc name=v is-live=true pattern=ball ! capsfilter name=modes ! gstcaststandinmemory feature=memory:NVMM mode=0",
      argus_install, NULL, argus_ready, NULL, NULL},
  {"nvvidconv", "NvVidConv Plugin", "Filter/Converter/Video/Scaler", "Converts video from one colorspace to another & Resizes",
        "video/x-raw(memory:NVMM), format=(string){ I420, I420_10LE, P010_10LE, I420_12LE, UYVY, YUY2, YVYU, NV12, NV16, NV24, GRAY8, BGRx, RGBA, Y42B, Y444 }, "
        "width=(int)[1,2147483647], height=(int)[1,2147483647], framerate=(fraction)[0/1,2147483647/1]; "
        "video/x-raw, format=(string){ I420, UYVY, YUY2, YVYU, NV12, NV16, NV24, P010_10LE, GRAY8, BGRx, RGBA, Y42B, Y444 }, "
        "width=(int)[1,2147483647], height=(int)[1,2147483647], framerate=(fraction)[0/1,2147483647/1]",
        "video/x-raw(memory:NVMM), format=(string){ I420, I420_10LE, P010_10LE, UYVY, YUY2, YVYU, NV12, NV16, NV24, GRAY8, BGRx, RGBA, Y42B, Y444 }, "
        "width=(int)[1,2147483647], height=(int)[1,2147483647], framerate=(fraction)[0/1,2147483647/1]; "
        "video/x-raw, format=(string){ I420, UYVY, YUY2, YVYU, NV12, NV16, NV24, GRAY8, BGRx, RGBA, Y42B, Y444 }, "
        "width=(int)[1,2147483647], height=(int)[1,2147483647], framerate=(fraction)[0/1,2147483647/1]", NULL,
        "gstcaststandinmemory feature=memory:NVMM mode=3 ! videoconvert ! videoscale ! gstcaststandinmemory feature=memory:NVMM mode=2",
      nvvidconv_install, NULL, NULL, NULL, NULL},
  {"nvv4l2h264enc", "V4L2 H.264 Encoder", "Codec/Encoder/Video", "Encode H.264 video streams via V4L2 API",
        NVMM_ENC_SINK, "video/x-h264, stream-format=(string)byte-stream, alignment=(string){ au, nal }", NULL,
        "gstcaststandinmemory feature=memory:NVMM mode=1 ! videoconvert ! video/x-raw,format=I420 ! "
        "x264enc name=x tune=zerolatency speed-preset=ultrafast ! h264parse ! capsfilter name=out",
      nvv4l2h264enc_install, NULL, nvv4l2h264enc_ready, NULL, NULL},
  {"nvv4l2h265enc", "V4L2 H.265 Encoder", "Codec/Encoder/Video", "Encode H.265 video streams via V4L2 API",
        NVMM_ENC_SINK, "video/x-h265, stream-format=(string)byte-stream, alignment=(string){ au, nal }", NULL,
        "gstcaststandinmemory feature=memory:NVMM mode=1 ! videoconvert ! video/x-raw,format=I420 ! "
        "x265enc name=x tune=zerolatency speed-preset=ultrafast ! h265parse ! capsfilter caps=\"video/x-h265,stream-format=byte-stream,alignment=au\"",
      nvv4l2h265enc_install, NULL, nvenc_ready, NULL, NULL},
  {"nvv4l2decoder", "NVIDIA v4l2 video decoder", "Codec/Decoder/Video", "Decode video streams via V4L2 API",
        "image/jpeg; video/x-h264, stream-format=(string){ byte-stream }, alignment=(string){ au }; "
        "video/x-h265, stream-format=(string){ byte-stream }, alignment=(string){ au }",
        "video/x-raw(memory:NVMM), width=(int)[1,2147483647], height=(int)[1,2147483647], format=(string){ NV12, P010_10LE, I420, NV24 }, "
        "framerate=(fraction)[0/1,2147483647/1]", NULL,
        "h264parse ! avdec_h264 ! videoconvert ! video/x-raw,format=NV12 ! gstcaststandinmemory feature=memory:NVMM mode=0",
      nvv4l2decoder_install, NULL, NULL, NULL, NULL},
  /* Raspberry Pi */
  {"libcamerasrc", "libcamera Source", "Source/Video", "Linux Camera source using libcamera",
        NULL, "video/x-raw; image/jpeg; video/x-bayer", "src_%u",
        "videotestsrc name=v is-live=true pattern=smpte ! "
        "capsfilter caps=\"video/x-raw,format={NV12,I420,YUY2},width=[64,2304],height=[64,1296],framerate=[1/1,56/1]\"",
      libcamerasrc_install, NULL, NULL, libcamerasrc_paused, NULL},
  {"v4l2h264enc", "V4L2 H.264 Encoder", "Codec/Encoder/Video/Hardware", "Encode H.264 video streams via V4L2 API",
        PI_RAW, "video/x-h264, stream-format=(string)byte-stream, alignment=(string)au, "
        "profile=(string){ baseline, constrained-baseline, main, high }, "
        "level=(string){ 1, 1b, 1.1, 1.2, 1.3, 2, 2.1, 2.2, 3, 3.1, 3.2, 4, 4.1, 4.2 }", NULL,
        "videoconvert ! video/x-raw,format=I420 ! x264enc name=x tune=zerolatency speed-preset=ultrafast ! h264parse ! "
        "gstcaststandinfield name=lvl field=level",
      v4l2h264enc_install, NULL, v4l2h264enc_ready, v4l2h264enc_paused, has_v4l2_m2m},
  {"v4l2h264dec", "V4L2 H264 Decoder", "Codec/Decoder/Video/Hardware", "Decodes H264 streams via V4L2 API",
        "video/x-h264, stream-format=(string)byte-stream, alignment=(string)au",
        "video/x-raw, format=(string){ NV12, YUY2, I420, YV12, NV21 }, width=(int)[32,1920], height=(int)[32,1920], "
        "framerate=(fraction)[0/1,2147483647/1]", NULL,
        "h264parse ! avdec_h264 ! videoconvert ! capsfilter caps=\"video/x-raw,format={NV12,I420}\"",
      v4l2h264dec_install, NULL, NULL, NULL, has_v4l2_m2m},
  {"v4l2convert", "V4L2 Video Converter", "Filter/Converter/Video/Scaler", "Transform streams via V4L2 API",
        PI_RAW, PI_RAW, NULL, "videoconvert ! videoscale",
      v4l2convert_install, NULL, NULL, NULL, has_v4l2_m2m},
  /* Windows */
  {"mfvideosrc", "Media Foundation Video Source", "Source/Video/Hardware", "Capture video stream through Windows Media Foundation",
        NULL, "video/x-raw, format=(string){ BGRx, BGRA, BGR, RGB15, RGB16, VUYA, YUY2, YVYU, UYVY, NV12, YV12, I420, P010, P016, v210, v216, GRAY16_LE }, "
        "width=(int)[1,2147483647], height=(int)[1,2147483647], framerate=(fraction)[0/1,2147483647/1]; "
        "image/jpeg, width=(int)[1,2147483647], height=(int)[1,2147483647], framerate=(fraction)[0/1,2147483647/1]", NULL,
        NULL, mfvideosrc_install, mfvideosrc_build, mfvideosrc_ready, NULL, NULL},
  {"mfh264enc", "Media Foundation H.264 Encoder MFT", "Codec/Encoder/Video/Hardware",
        "Microsoft Media Foundation H.264 Encoder",
        "video/x-raw(memory:D3D11Memory), format=(string)NV12, width=(int)[64,8192], height=(int)[64,8192]; "
        "video/x-raw, format=(string)NV12, width=(int)[64,8192], height=(int)[64,8192]",
        "video/x-h264, width=(int)[64,8192], height=(int)[64,8192], stream-format=(string)byte-stream, alignment=(string)au, "
        "profile=(string){ high, main, constrained-baseline, baseline }", NULL,
        "gstcaststandinmemory feature=memory:D3D11Memory mode=3 ! videoconvert ! video/x-raw,format=I420 ! "
        "x264enc name=x tune=zerolatency speed-preset=ultrafast ! h264parse ! capsfilter caps=\"video/x-h264,stream-format=byte-stream,alignment=au\"",
      mfh264enc_install, NULL, mfh264enc_ready, NULL, NULL},
  {"d3d11h264dec", "Direct3D11/DXVA H.264 Decoder", "Codec/Decoder/Video/Hardware", "Direct3D11/DXVA based H.264 video decoder",
        "video/x-h264, stream-format=(string){ avc, avc3, byte-stream }, alignment=(string)au, "
        "profile=(string){ high, progressive-high, constrained-high, main, constrained-baseline, baseline }",
        "video/x-raw(memory:D3D11Memory), format=(string)NV12, width=(int)[1,4096], height=(int)[1,4096]; "
        "video/x-raw, format=(string)NV12, width=(int)[1,4096], height=(int)[1,4096]", NULL,
        "h264parse ! avdec_h264 ! videoconvert ! video/x-raw,format=NV12 ! gstcaststandinmemory feature=memory:D3D11Memory mode=2",
      d3d11dec_install, NULL, NULL, NULL, NULL},
  {"d3d11convert", "Direct3D11 colorspace converter and scaler", "Filter/Converter/Scaler/Effect/Video/Hardware",
        "Resizes video and allow color conversion using Direct3D11",
        "video/x-raw(memory:D3D11Memory), format=(string)" D3D11_RAW_FORMATS ", width=(int)[1,16384], height=(int)[1,16384]; "
        "video/x-raw, format=(string)" D3D11_RAW_FORMATS ", width=(int)[1,16384], height=(int)[1,16384]",
        "video/x-raw(memory:D3D11Memory), format=(string)" D3D11_RAW_FORMATS ", width=(int)[1,16384], height=(int)[1,16384]; "
        "video/x-raw, format=(string)" D3D11_RAW_FORMATS ", width=(int)[1,16384], height=(int)[1,16384]", NULL,
        "gstcaststandinmemory feature=memory:D3D11Memory mode=3 ! videoconvert ! videoscale ! gstcaststandinmemory feature=memory:D3D11Memory mode=2",
      d3d11convert_install, NULL, NULL, NULL, NULL},
  {"d3d11download", "Direct3D11 downloader", "Filter/Video", "Downloads Direct3D11 texture memory into system memory",
        "video/x-raw(memory:D3D11Memory), format=(string)" D3D11_RAW_FORMATS "; video/x-raw, format=(string)" D3D11_RAW_FORMATS,
        "video/x-raw, format=(string)" D3D11_RAW_FORMATS, NULL,
        "gstcaststandinmemory feature=memory:D3D11Memory mode=3 ! identity",
      NULL, NULL, NULL, NULL, NULL},
  {"d3d11screencapturesrc", "Direct3D11 Screen Capture Source", "Source/Video", "Captures desktop screen",
        NULL, "video/x-raw(memory:D3D11Memory), format=(string)BGRA, width=(int)[1,16384], height=(int)[1,16384], "
        "framerate=(fraction)[0/1,2147483647/1], pixel-aspect-ratio=(fraction)1/1, colorimetry=(string)sRGB; "
        "video/x-raw, format=(string)BGRA, width=(int)[1,16384], height=(int)[1,16384], "
        "framerate=(fraction)[0/1,2147483647/1], pixel-aspect-ratio=(fraction)1/1, colorimetry=(string)sRGB", NULL,
        NULL, d3d11screen_install, d3d11screen_build, d3d11screen_ready, NULL, NULL},
};

/* ===== device providers: the cameras GstDeviceMonitor finds ===== */

typedef struct
{
  GstDevice parent;
  gchar *element, *prop, *value;
} StandinDevice;

typedef struct
{
  GstDeviceClass parent_class;
} StandinDeviceClass;

GType standin_device_get_type (void);
G_DEFINE_TYPE (StandinDevice, standin_device, GST_TYPE_DEVICE);

static GstElement *
standin_device_create_element (GstDevice * device, const gchar * name)
{
  StandinDevice *d = (StandinDevice *) device;
  GstElement *e = gst_element_factory_make (d->element, name);
  if (e)
    g_object_set (e, d->prop, d->value, NULL);
  return e;
}

static void
standin_device_finalize (GObject * o)
{
  StandinDevice *d = (StandinDevice *) o;
  g_free (d->element);
  g_free (d->prop);
  g_free (d->value);
  G_OBJECT_CLASS (standin_device_parent_class)->finalize (o);
}

static void
standin_device_class_init (StandinDeviceClass * klass)
{
  GST_DEVICE_CLASS (klass)->create_element = standin_device_create_element;
  G_OBJECT_CLASS (klass)->finalize = standin_device_finalize;
}

static void
standin_device_init (StandinDevice * d)
{
}

static GstDevice *
new_device (const gchar * display, const gchar * caps, GstStructure * props, const gchar * element,
    const gchar * prop, const gchar * value)
{
  GstCaps *c = gst_caps_from_string (caps);
  StandinDevice *d = g_object_new (standin_device_get_type (), "display-name", display, "caps", c,
      "device-class", "Source/Video", "properties", props, NULL);
  gst_caps_unref (c);
  if (props)
    gst_structure_free (props);
  d->element = g_strdup (element);
  d->prop = g_strdup (prop);
  d->value = g_strdup (value);
  return GST_DEVICE (d);
}

typedef struct
{
  GstDeviceProvider parent;
} StandinProvider;

typedef struct
{
  GstDeviceProviderClass parent_class;
} StandinProviderClass;

/* Media Foundation: device.api, device.path, device.name, as mfdeviceprovider writes them */
GType standin_mf_provider_get_type (void);
G_DEFINE_TYPE (StandinProvider, standin_mf_provider, GST_TYPE_DEVICE_PROVIDER);

static GList *
standin_mf_probe (GstDeviceProvider * provider)
{
  GList *out = NULL;
  guint i;
  for (i = 0; i < G_N_ELEMENTS (mf_cameras); i++) {
    GstStructure *props = gst_structure_new ("mf-proplist", "device.api", G_TYPE_STRING, "mediafoundation",
        "device.path", G_TYPE_STRING, mf_cameras[i].path, "device.name", G_TYPE_STRING, mf_cameras[i].name, NULL);
    out = g_list_append (out, new_device (mf_cameras[i].name, mf_cameras[i].caps, props, "mfvideosrc", "device-path", mf_cameras[i].path));
  }
  return out;
}

static void
standin_mf_provider_class_init (StandinProviderClass * klass)
{
  GstDeviceProviderClass *pc = GST_DEVICE_PROVIDER_CLASS (klass);
  pc->probe = standin_mf_probe;
  gst_device_provider_class_set_static_metadata (pc, "Media Foundation Device Provider", "Source/Video",
      "List Media Foundation source devices", "gstcast stand-in");
}

static void
standin_mf_provider_init (StandinProvider * p)
{
}

/* libcamera: the camera id as display name, no properties, as libcameraprovider does */
typedef StandinProvider StandinLibcameraProvider;
typedef StandinProviderClass StandinLibcameraProviderClass;
GType standin_libcamera_provider_get_type (void);
G_DEFINE_TYPE (StandinLibcameraProvider, standin_libcamera_provider, GST_TYPE_DEVICE_PROVIDER);

static GList *
standin_libcamera_probe (GstDeviceProvider * provider)
{
  return g_list_append (NULL, new_device (PI_CAMERA,
          "video/x-raw, format=(string)NV12, width=(int)1536, height=(int)864; "
          "video/x-raw, format=(string)NV12, width=(int)2304, height=(int)1296; "
          "video/x-raw, format=(string)YUY2, width=(int)1280, height=(int)720", NULL, "libcamerasrc", "camera-name", PI_CAMERA));
}

static void
standin_libcamera_provider_class_init (StandinLibcameraProviderClass * klass)
{
  GstDeviceProviderClass *pc = GST_DEVICE_PROVIDER_CLASS (klass);
  pc->probe = standin_libcamera_probe;
  gst_device_provider_class_set_static_metadata (pc, "libcamera Device Provider", "Source/Video",
      "List camera device sources", "gstcast stand-in");
}

static void
standin_libcamera_provider_init (StandinLibcameraProvider * p)
{
}

static gboolean
plugin_init (GstPlugin * plugin)
{
  guint i;
  /* what registers depends on these: the registry is rebuilt when they change */
  gst_plugin_add_dependency_simple (plugin, "GSTCAST_STANDIN_BOARD", NULL, NULL, GST_PLUGIN_DEPENDENCY_FLAG_NONE);
  if (!gst_element_register (plugin, "gstcaststandinmemory", GST_RANK_NONE, standin_memory_get_type ()) ||
      !gst_element_register (plugin, "gstcaststandinfield", GST_RANK_NONE, standin_field_get_type ()))
    return FALSE;
  for (i = 0; i < G_N_ELEMENTS (standins); i++) {
    if (!register_standin (plugin, &standins[i]))
      return FALSE;
  }
  return gst_device_provider_register (plugin, "mfdeviceprovider", GST_RANK_PRIMARY, standin_mf_provider_get_type ()) &&
      gst_device_provider_register (plugin, "libcameraprovider", GST_RANK_PRIMARY, standin_libcamera_provider_get_type ());
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, caststandins,
    "gstcast test stand-ins for Jetson, Raspberry Pi and Windows elements", plugin_init, "1.0", "LGPL", PACKAGE,
    "https://github.com/gstcast/gstcast")
