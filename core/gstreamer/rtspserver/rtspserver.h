/* The C half of gstcast's RTSP server: a thin layer over libgstrtspserver-1.0 (go-gst has no
 * binding for it). server.go and mount.go are the Go face; doc.go has the design. */
#ifndef GSTCAST_RTSPSERVER_H
#define GSTCAST_RTSPSERVER_H

#include <gst/gst.h>

typedef struct GcServer GcServer;
typedef struct GcMount GcMount;

/* Server life. Every function that can fail returns NULL/0 and sets *err to a g_malloc'd
 * message the caller frees with g_free. */
GcServer *gc_server_new(const char *address, int port, int threads);
int gc_server_set_tls(GcServer *s, const char *pem, char **err);
void gc_server_set_auth_methods(GcServer *s, int basic, int digest);
void gc_server_add_user(GcServer *s, const char *name, const char *password);
int gc_server_set_multicast(GcServer *s, const char *from, const char *to, int port_min,
    int port_max, int ttl, char **err);
int gc_server_start(GcServer *s, char **err); /* returns the bound port, 0 on error */
void gc_server_free(GcServer *s);            /* stops listening, closes clients, frees */
int gc_server_n_clients(GcServer *s);

/* Mounts. readers/publishers are NULL-terminated arrays of user names, "*" for anyone. */
void gc_mount_set_h265(GcMount *m);
GcMount *gc_mount_add(GcServer *s, const char *path, char **readers, char **publishers,
    int publish, char **err);
int gc_mount_prepare(GcMount *m, char **err);
void gc_mount_remove(GcMount *m);
int gc_mount_attach_sink(GcMount *m, GstElement *appsink); /* 0: not an appsink */
void gc_mount_detach_sink(GcMount *m, GstElement *appsink);
void gc_mount_stats(GcMount *m, guint64 *in, guint64 *out, int *publishing, int *prepared);

#endif
