"""The normal URLconf plus the benchmark's baseline: a bare Django view that parses the
same JSON body and inserts one row. Only ``bench_settings`` points here."""

import json

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from fawang.urls import urlpatterns as _normal
from fawang.workorders.models import Party


@csrf_exempt
@require_POST
def bare_insert(request: HttpRequest) -> JsonResponse:
    body = json.loads(request.body)
    party = Party.objects.create(name=str(body["party"]["name"])[:100])
    return JsonResponse({"id": party.pk}, status=201)


urlpatterns = [path("__bench__/bare", bare_insert), *_normal]
