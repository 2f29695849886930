/* Sessions, clients and limits of gstcast's RTSP server (sessions.c): who reads and publishes
 * each mount, kicking one of them, and the guard that keeps hostile clients from hurting the
 * others (sessions bound to their connection, connection caps, idle timeout, request size).
 * rtspserver.c calls in at three points: gc_guard_install, gc_guard_check_request (from its
 * auth check) and gc_guard_watch_mount. */
#ifndef GSTCAST_SESSIONS_H
#define GSTCAST_SESSIONS_H

#include <gst/rtsp-server/rtsp-server.h>

#include "rtspserver.h" /* GcServer, GcMount */

typedef struct GcGuard GcGuard;

typedef struct {
  int max_clients;          /* connections open at once, all addresses; 0: no cap */
  int max_clients_per_addr; /* connections open at once from one IP address; 0: no cap */
  int idle_ms;              /* a connection without a session that sends nothing is closed */
  int max_body;             /* bytes of a request body (Content-Length); larger closes the connection */
  int max_request;          /* bytes a connection without a session may send without completing
                             * a request (endless header lines); more closes it */
} GcLimits;

/* Lives as long as the server (the server holds it as qdata); never NULL. */
GcGuard *gc_guard_install(GstRTSPServer *server, GMainContext *context, const GcLimits *limits);
/* Called by the auth check for every request (GST_RTSP_AUTH_CHECK_URL), before the method is
 * handled: refuses (and answers) a request that carries another connection's session. */
gboolean gc_guard_check_request(GstRTSPAuth *auth, GstRTSPContext *ctx);
/* Counts a mount's session set-ups; called once per mount. */
void gc_guard_watch_mount(GstRTSPMediaFactory *factory);
/* Stops the sweep (server shutdown). */
void gc_guard_stop(GstRTSPServer *server);

typedef struct {
  char id[72];
  char address[72]; /* the RTSP connection's peer, ip:port */
  char user[72];    /* "" for anonymous */
  int transport;    /* 0 tcp, 1 udp, 2 udp multicast */
  int publisher;    /* RECORD */
  int state;        /* GstRTSPState */
  gint64 since_us;  /* wall clock, microseconds since 1970 */
  guint64 bytes, packets;
  int have_rb;      /* an RTCP receiver report arrived */
  unsigned fraction_lost; /* of the last report, 0-255 */
  gint64 packets_lost;    /* cumulative */
  unsigned jitter;        /* RTP timestamp units */
  int clock_rate;
} GcSessionInfo;

typedef struct {
  guint64 opened, failed, connections_refused, hijacks_refused, idle_closed, too_big;
} GcMountCounters;

/* The sessions of the mount at path (RECORD ones too); *out is g_free'd by the caller. */
int gc_guard_sessions(GstRTSPServer *server, const char *path, GcSessionInfo **out);
/* Closes the connection that owns session id (of the mount at path) and removes the session.
 * 1 when it was there. */
int gc_guard_kick(GstRTSPServer *server, const char *path, const char *id);
void gc_guard_counters(GstRTSPServer *server, GstRTSPMediaFactory *factory, GcMountCounters *out);

/* What sessions.c needs of rtspserver.c's server and mounts, and the bind addresses (the end
 * of rtspserver.c). */
void gc_server_guard(GcServer *s, const GcLimits *limits); /* before gc_server_start */
int gc_server_bind_udp(GcServer *s, const char *address, int port_min, int port_max, char **err);
GstRTSPServer *gc_server_rtsp(GcServer *s);
GstRTSPMediaFactory *gc_mount_factory(GcMount *m);
const char *gc_mount_path(GcMount *m);

#endif
