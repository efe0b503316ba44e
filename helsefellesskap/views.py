from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from bodies.models import Partnership


def home(request):
    partnerships = Partnership.objects.prefetch_related("bodies").order_by("name")
    return render(request, "home.html", {"partnerships": partnerships})


def health(request):
    """For the load balancer: answers 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
