"""The benchmark's baseline: the cheapest page the production server can serve through the full middleware."""

from django.http import HttpRequest, HttpResponse


def baseline(request: HttpRequest) -> HttpResponse:
    """No database, no template: what every page costs before its own work (server, WSGI, middleware).

    Mounted at /bench/baseline/ only with the development tools installed and RIMPEL_BENCH=1 (``make bench`` sets
    both); never in a normal deployment.
    """
    return HttpResponse("rimpel bench baseline\n", content_type="text/plain; charset=utf-8")
