"""``fawang hotline_cti_token NAME``: register a CTI system and print its bearer token."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from fawang.hotline.models import CtiClient
from fawang.hotline.services import cti_client_create


class Command(BaseCommand):
    help = "Create a CTI client allowed to POST /api/v1/hotline/events; prints the token once."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("name")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if CtiClient.objects.filter(name=options["name"]).exists():
            raise CommandError(f"CTI 接入方“{options['name']}”已存在。")
        _client, token = cti_client_create(name=options["name"])
        self.stdout.write(token)
