import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.template import loader
from django.utils.cache import add_never_cache_headers

from .moves import mended_path

log = logging.getLogger(__name__)


HEALTH_CHECK_PATH = "/healthz/"


class HealthCheckMiddleware:
    """GET /healthz/ for the load balancer: "ok" while this server can reach its database,
    503 when it cannot. First in the chain: balancers ask by the server's IP address over
    plain HTTP, which the host check and the HTTPS redirect would refuse."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != HEALTH_CHECK_PATH:
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            response = HttpResponse("ok\n", content_type="text/plain")
        except DatabaseError as error:
            log.error("Health check: database unavailable: %s", error)
            response = HttpResponse("database unavailable\n", content_type="text/plain", status=503)
        add_never_cache_headers(response)
        return response


class PermissionsPolicyMiddleware:
    """Switch off browser features (camera, location, …) that no page needs."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached, a reader gets a short "back soon" page with 503
    and Retry-After, which browsers, caches and crawlers take as temporary, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        log.error("Database unavailable for %s: %s", request.path, exception)
        # Drawn without a request context: its context processors may need the database.
        context = {"emergency_number": settings.EMERGENCY_NUMBER}
        response = HttpResponse(loader.render_to_string("503.html", context), status=503)
        response["Retry-After"] = "60"
        add_never_cache_headers(response)
        return response


class MendedLinkMiddleware:
    """A link that is not found for what a sentence left on its end (a ")" or "." pasted
    with it, a space) or for capital letters leads, permanently, to the page it names.
    Only a 404 is mended, so no page's own address ever changes hands."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        mended = mended_path(request.path)
        if mended is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{mended}?{query}" if query else mended)
