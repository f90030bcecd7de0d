"""``fawang api_token create USERNAME --name NAME`` (prints the token once),
``fawang api_token list``, ``fawang api_token revoke PREFIX``."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fawang.accounts.models import ApiToken, User
from fawang.accounts.tokens import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Create, list or revoke API tokens for systems calling /api/v1."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token acting as USERNAME")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="which system uses it")
        create.add_argument("--days", type=int, default=0, help="expires after N days (0: never)")
        sub.add_parser("list", help="list tokens (prefixes only)")
        revoke = sub.add_parser("revoke", help="revoke tokens by prefix")
        revoke.add_argument("prefix")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        now = timezone.now()
        if options["action"] == "create":
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"用户 {options['username']} 不存在")
            if not user.is_staff_role:
                raise CommandError("接口令牌只能代表工作人员账号（群众账号不行）")
            expires = now + dt.timedelta(days=options["days"]) if options["days"] > 0 else None
            _token, clear = api_token_create(
                user=user, name=options["name"], now=now, expires_at=expires
            )
            self.stderr.write("令牌只显示这一次，请妥善保存：")
            self.stdout.write(clear)
        elif options["action"] == "list":
            for t in ApiToken.objects.select_related("user").order_by("created_at"):
                state = "已吊销" if t.revoked_at else "有效"
                self.stdout.write(
                    f"{t.prefix}…  {t.user.username:<20} {t.name:<20} {state} "
                    f"最近使用 {t.last_used_at or '—'}"
                )
        else:
            n = api_token_revoke(prefix=options["prefix"], now=now)
            if n == 0:
                raise CommandError(f"没有以 {options['prefix']} 开头的有效令牌")
            self.stdout.write(f"已吊销 {n} 个令牌")
