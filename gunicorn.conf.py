"""gunicorn settings, read from the environment: `gunicorn knotsite.wsgi` picks this file up.

Each app server is stateless (sessions in the database, pages in the shared cache), so you can
run as many as you like behind a load balancer.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Load Django once in the master: a new or recycled worker is a fork, ready at once, instead
# of a second of imports while its share of requests queue up.
preload_app = True
# Recycle workers now and then so a slow leak can never take a server down. Rarely: a worker
# serves over a thousand cached pages a second, and each restart costs a cold cache.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - heartbeat files, not data
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# The load balancer's address, whose X-Forwarded-* headers we trust.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
