"""Write paths of the hotline: call-detail import, CTI events, call-back orders, the agent
console's "log this call as a work order", presence and CTI client tokens."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import logging
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from fawang.accounts.models import User
from fawang.hotline.models import (
    Agent,
    Call,
    CallEvent,
    CtiClient,
    HotlineSettings,
    SeatGroup,
    phone_index,
)
from fawang.lib import crypto
from fawang.lib.validators import mask_mobile, normalise_mobile
from fawang.network.models import ServicePoint
from fawang.regions.models import Region
from fawang.workorders.models import (
    OPEN_STATUSES,
    Category,
    Channel,
    Service,
    Status,
    WorkOrder,
)
from fawang.workorders.services import (
    PartyInput,
    workorder_add_event,
    workorder_create,
    workorder_transition,
)

log = logging.getLogger(__name__)

DEFAULT_GROUPS = [
    ("general", "综合坐席", "zh"),
    ("expert", "专家坐席", "zh"),
    ("migrant", "农民工专席", "zh"),
    ("veteran", "退役军人专席", "zh"),
    ("tibetan", "藏汉双语专席", "bo"),
    ("yi", "彝汉双语专席", "ii"),
    ("english", "英语专席", "en"),
    ("korean", "韩语专席", "ko"),
    ("japanese", "日语专席", "ja"),
    ("russian", "俄语专席", "ru"),
]


def seat_groups_ensure() -> list[SeatGroup]:
    """The ten seat groups (created by a migration; recreated here after a flush)."""
    existing = {g.code: g for g in SeatGroup.objects.all()}
    for sort, (code, name, language) in enumerate(DEFAULT_GROUPS):
        if code not in existing:
            existing[code] = SeatGroup.objects.create(
                code=code, name=name, language=language, sort=sort
            )
    return sorted(existing.values(), key=lambda g: (g.sort, g.code))


_INSERT_FIELDS = (
    "call_id",
    "direction",
    "caller_enc",
    "caller_index",
    "caller_masked",
    "seat_group_id",
    "language",
    "agent_id",
    "offered_at",
    "answered_at",
    "ended_at",
    "outcome",
    "queue_wait_s",
    "talk_s",
    "day",
    "slot",
    "source",
    "created_at",
)


def calls_bulk_insert(calls: list[Any], *, now: dt.datetime | None = None) -> int:
    """Insert new calls with one ``executemany`` per batch.

    ``bulk_create`` spends most of its time preparing each value through the field
    machinery; call rows have plain, known column types, so this adapts them directly
    (datetimes and dates through the backend's own adapters). Used by the CDR import and
    the demo; runs inside the caller's transaction."""
    if not calls:
        return 0
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now or timezone.now())
    dtv = ops.adapt_datetimefield_value
    table = connection.ops.quote_name(Call._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f) for f in _INSERT_FIELDS)
    placeholders = ", ".join(["%s"] * len(_INSERT_FIELDS))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - fixed names
    rows = [
        (
            c.call_id,
            c.direction,
            c.caller_enc,
            c.caller_index,
            c.caller_masked,
            c.seat_group_id,
            c.language,
            c.agent_id,
            dtv(c.offered_at),
            dtv(c.answered_at) if c.answered_at else None,
            dtv(c.ended_at) if c.ended_at else None,
            c.outcome,
            c.queue_wait_s,
            c.talk_s,
            ops.adapt_datefield_value(c.day),
            c.slot,
            c.source,
            stamp,
        )
        for c in calls
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for i in range(0, len(rows), 1000):
            cursor.executemany(sql, rows[i : i + 1000])
    return len(rows)


# --------------------------------------------------------------------------------------
# Call-detail record (CDR) import
# --------------------------------------------------------------------------------------

CDR_COLUMNS = (
    "call_id",
    "direction",
    "caller",
    "seat_group",
    "language",
    "offered_at",
    "answered_at",
    "ended_at",
    "agent",
)
CDR_REQUIRED = ("call_id", "seat_group", "offered_at")
CDR_DOC = """\
CSV call-detail records (话单), one call per line, UTF-8 (with or without BOM) or GB18030,
comma-separated, with a header line naming the columns (any order; unknown columns are
ignored):

  call_id      required  the telephony system's unique call id (≤ 64 characters); a call id
                         already imported is skipped, so re-importing a file is harmless
  direction    optional  in / out (or 呼入 / 呼出); default in
  caller       optional  the caller's number (mobile or landline, +86 allowed); empty when
                         withheld. Stored encrypted, shown masked.
  seat_group   required  the seat-group code (general, expert, migrant, veteran, tibetan, yi,
                         english, korean, japanese, russian) or its Chinese name (综合坐席 …)
  language     optional  zh, bo, ii, en, ko, ja, ru; default the seat group's language
  offered_at   required  when the call reached the queue: "YYYY-MM-DD HH:MM:SS" in Beijing
                         time, or ISO 8601 with an offset (2026-11-29T09:30:00+08:00)
  answered_at  optional  when an agent answered; empty for an unanswered call
  ended_at     optional  when the call ended (hang-up); required when answered_at is empty
                         (the caller abandoned at that moment)
  agent        optional  the answering agent's employee number (工号)

An answered call's queue wait is answered_at − offered_at and its talk time
ended_at − answered_at; an abandoned call's queue wait is ended_at − offered_at.
Bad lines are reported with their line number and skipped; good lines are imported.
"""

_DIRECTIONS = {"in": "in", "out": "out", "呼入": "in", "呼出": "out", "": "in"}
_LANGS = {"zh", "bo", "ii", "en", "ko", "ja", "ru"}
_PHONE = re.compile(r"^\d{5,20}$")


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    callbacks: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(_("文件编码无法识别，请另存为 UTF-8 或 GB18030 编码的 CSV 文件。"))


def parse_local_datetime(value: str) -> dt.datetime | None:
    """Parse "YYYY-MM-DD HH:MM[:SS]" (Beijing time) or ISO 8601 with an offset."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = parse_datetime(value.replace("/", "-"))
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValueError(value)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _group_lookup() -> dict[str, SeatGroup]:
    groups = seat_groups_ensure()
    lookup = {g.code: g for g in groups}
    lookup.update({g.name: g for g in groups})
    return lookup


_TIME_FIELDS = (
    ("offered_at", "呼入时间"),
    ("answered_at", "接通时间"),
    ("ended_at", "结束时间"),
)


def _parse_time(value: str, tz: dt.tzinfo) -> dt.datetime | None:
    """``parse_local_datetime`` with the zone looked up once per file (the hot path)."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("/", "-"))
    except ValueError:
        return parse_local_datetime(value)
    return parsed.replace(tzinfo=tz) if parsed.tzinfo is None else parsed


def _parse_row(
    line: int,
    row: dict[str, str],
    groups: dict[str, SeatGroup],
    agents: dict[str, Agent],
    result: ImportResult,
    tz: dt.tzinfo,
) -> SimpleNamespace | None:
    """One CSV line → the columns of a ``Call`` (for ``calls_bulk_insert``), or None with
    the line's error recorded."""

    def err(message: str) -> None:
        result.errors.append(_("第 %(line)d 行：%(msg)s") % {"line": line, "msg": message})

    get = lambda key: (row.get(key) or "").strip()  # noqa: E731
    call_id = get("call_id")
    if not call_id:
        err(_("缺少呼叫编号（call_id）。"))
        return None
    if len(call_id) > 64:
        err(_("呼叫编号超过64个字符。"))
        return None
    direction = _DIRECTIONS.get(get("direction").lower())
    if direction is None:
        err(_("呼叫方向“%(v)s”无效，应为 in 或 out。") % {"v": get("direction")})
        return None
    group = groups.get(get("seat_group"))
    if group is None:
        err(_("坐席组“%(v)s”不存在。") % {"v": get("seat_group")})
        return None
    language = get("language") or group.language
    if language not in _LANGS:
        err(_("语种“%(v)s”无效。") % {"v": language})
        return None
    caller = normalise_mobile(get("caller")) if get("caller") else ""
    if caller and not _PHONE.fullmatch(caller):
        err(_("主叫号码格式不正确（应为5到20位数字）。"))
        return None
    times: dict[str, dt.datetime | None] = {}
    for key, label in _TIME_FIELDS:
        try:
            times[key] = _parse_time(get(key), tz)
        except ValueError:
            err(
                _("%(label)s“%(v)s”格式不正确，应为 YYYY-MM-DD HH:MM:SS。")
                % {"label": _(label), "v": get(key)}
            )
            return None
    offered, answered, ended = times["offered_at"], times["answered_at"], times["ended_at"]
    if offered is None:
        err(_("缺少呼入时间（offered_at）。"))
        return None
    if answered is not None and answered < offered:
        err(_("接通时间早于呼入时间。"))
        return None
    if ended is not None and ended < (answered or offered):
        err(_("结束时间早于接通时间或呼入时间。"))
        return None
    if answered is None and ended is None:
        err(_("未接通的来电须填写结束时间（ended_at）。"))
        return None
    local = offered.astimezone(tz)
    call = SimpleNamespace(
        call_id=call_id,
        direction=direction,
        seat_group_id=group.pk,
        language=language,
        source=Call.Source.CDR,
        offered_at=offered,
        answered_at=answered,
        ended_at=ended,
        day=local.date(),
        slot=local.hour * 2 + (1 if local.minute >= 30 else 0),
        caller_enc=crypto.encrypt(caller, context="hotline.caller"),
        caller_index=phone_index(caller),
        caller_masked=mask_mobile(caller) if caller else "",
        agent_id=None,
    )
    if answered is not None:
        call.outcome = Call.Outcome.ANSWERED
        call.queue_wait_s = (answered - offered).total_seconds()
        call.talk_s = (ended - answered).total_seconds() if ended else None
    else:
        call.outcome = Call.Outcome.ABANDONED
        call.queue_wait_s = (ended - offered).total_seconds()  # type: ignore[operator]
        call.talk_s = None
    agent_no = get("agent")
    if agent_no:
        agent = agents.get(agent_no)
        if agent is None:
            result.warnings.append(
                _("第 %(line)d 行：工号“%(no)s”不存在，已导入但未关联坐席员。")
                % {"line": line, "no": agent_no}
            )
        else:
            call.agent_id = agent.pk
    return call


def cdr_import(
    *,
    data: bytes | str,
    now: dt.datetime | None = None,
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
    make_callbacks: bool = True,
) -> ImportResult:
    """Import a CDR file (format: ``CDR_DOC``). Idempotent by call id; bad lines are
    reported in Chinese with their line numbers and skipped. Recent missed calls then
    become call-back work orders."""
    now = now or timezone.now()
    result = ImportResult()
    try:
        text = data if isinstance(data, str) else _decode(data)
    except ValueError as exc:
        result.errors.append(str(exc))
        return result
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in CDR_REQUIRED if c not in header]
    if missing:
        result.errors.append(
            _("第 1 行（表头）：缺少必需的列 %(cols)s。列名应为：%(all)s")
            % {"cols": "、".join(missing), "all": ",".join(CDR_COLUMNS)}
        )
        return result
    groups = _group_lookup()
    agents = {a.employee_no: a for a in Agent.objects.all()}
    seen: set[str] = set()
    batch: list[SimpleNamespace] = []
    tz = timezone.get_current_timezone()

    def flush() -> None:
        ids = [r.call_id for r in batch]
        existing = set(Call.objects.filter(call_id__in=ids).values_list("call_id", flat=True))
        new = [r for r in batch if r.call_id not in existing]
        result.skipped += len(batch) - len(new)
        result.created += calls_bulk_insert(new, now=now)
        if progress:
            progress(len(batch))
        batch.clear()

    for line, row in enumerate(reader, start=2):
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue  # blank line
        parsed = _parse_row(line, row, groups, agents, result, tz)
        if parsed is None:
            continue
        if parsed.call_id in seen:
            result.skipped += 1
            continue
        seen.add(parsed.call_id)
        batch.append(parsed)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    if make_callbacks and result.created:
        result.callbacks = hotline_callbacks_create(now=now)
    return result


# --------------------------------------------------------------------------------------
# CTI events
# --------------------------------------------------------------------------------------


class CtiError(ValueError):
    pass


def cti_client_create(*, name: str) -> tuple[CtiClient, str]:
    """A new CTI client and its bearer token (shown once; only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    client = CtiClient.objects.create(name=name, token_hash=cti_token_hash(token))
    return client, token


def cti_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def cti_client_authenticate(*, token: str, now: dt.datetime | None = None) -> CtiClient | None:
    client = CtiClient.objects.filter(token_hash=cti_token_hash(token), is_active=True).first()
    if client is not None:
        CtiClient.objects.filter(pk=client.pk).update(last_used_at=now or timezone.now())
    return client


def cti_event_record(
    *,
    call_id: str,
    kind: str,
    at: dt.datetime,
    caller: str = "",
    seat_group: str = "",
    language: str = "",
    agent_no: str = "",
    direction: str = "in",
    client: str = "",
    now: dt.datetime | None = None,
) -> tuple[Call, bool]:
    """Apply one CTI event to its call. Returns ``(call, applied)``; an event already
    received for that call (same call id and kind) changes nothing and returns False.
    Events may arrive out of order: a call is created by whichever event comes first."""
    if kind not in CallEvent.Kind.values:
        raise CtiError(_("未知的事件类型“%(k)s”。") % {"k": kind})
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if direction not in ("in", "out"):
        raise CtiError(_("呼叫方向应为 in 或 out。"))
    groups = {g.code: g for g in seat_groups_ensure()}
    if seat_group and seat_group not in groups:
        raise CtiError(_("坐席组“%(g)s”不存在。") % {"g": seat_group})
    if caller:
        caller = normalise_mobile(caller)
        if not _PHONE.fullmatch(caller):
            raise CtiError(_("主叫号码格式不正确。"))
    if language and language not in _LANGS:
        raise CtiError(_("语种“%(l)s”无效。") % {"l": language})
    agent = Agent.objects.filter(employee_no=agent_no).first() if agent_no else None
    applied = False
    with transaction.atomic():
        call = Call.objects.select_for_update().filter(call_id=call_id).first()
        if call is None:
            group = groups[seat_group or "general"]
            call = Call(
                call_id=call_id,
                direction=direction,
                seat_group=group,
                language=language or group.language,
                source=Call.Source.CTI,
            )
            call.set_caller(caller)
            call.set_offered(at)
            try:
                with transaction.atomic():
                    call.save()
            except IntegrityError:
                call = Call.objects.select_for_update().get(call_id=call_id)
        try:
            with transaction.atomic():
                CallEvent.objects.create(call=call, kind=kind, at=at, client=client)
        except IntegrityError:
            return call, False
        applied = True
        _apply_event(call, kind, at, caller=caller, seat_group=groups.get(seat_group), agent=agent)
        call.save()
    if kind in (CallEvent.Kind.ABANDONED, CallEvent.Kind.ENDED) and (
        call.outcome == Call.Outcome.ABANDONED
    ):
        hotline_callback_for_call(call=call, now=now or at)
    return call, applied


def _apply_event(
    call: Call,
    kind: str,
    at: dt.datetime,
    *,
    caller: str,
    seat_group: SeatGroup | None,
    agent: Agent | None,
) -> None:
    if caller and not call.caller_index:
        call.set_caller(caller)
    if seat_group is not None and kind == CallEvent.Kind.OFFERED:
        call.seat_group = seat_group
    if kind == CallEvent.Kind.OFFERED:
        # The offer event is authoritative for the offer time, even when it comes late.
        call.set_offered(at)
        if call.answered_at is not None:
            call.queue_wait_s = max(0.0, (call.answered_at - at).total_seconds())
        elif call.outcome == Call.Outcome.ABANDONED and call.ended_at is not None:
            call.queue_wait_s = max(0.0, (call.ended_at - at).total_seconds())
    elif kind == CallEvent.Kind.ANSWERED:
        call.answered_at = at
        call.outcome = Call.Outcome.ANSWERED
        call.queue_wait_s = max(0.0, (at - call.offered_at).total_seconds())
        if agent is not None:
            call.agent = agent
            agent_set_presence(agent=agent, presence=Agent.Presence.ON_CALL, now=at)
        if call.ended_at is not None:
            call.talk_s = max(0.0, (call.ended_at - at).total_seconds())
    elif kind == CallEvent.Kind.ABANDONED:
        if call.outcome != Call.Outcome.ANSWERED:
            call.outcome = Call.Outcome.ABANDONED
            call.ended_at = at
            call.queue_wait_s = max(0.0, (at - call.offered_at).total_seconds())
    elif kind == CallEvent.Kind.ENDED:
        call.ended_at = at
        if call.answered_at is not None:
            call.talk_s = max(0.0, (at - call.answered_at).total_seconds())
            if call.agent_id is not None:
                agent_set_presence(agent=call.agent, presence=Agent.Presence.WRAP_UP, now=at)
        elif call.outcome == Call.Outcome.QUEUED:
            # Ended without an answer: the caller hung up in the queue.
            call.outcome = Call.Outcome.ABANDONED
            call.queue_wait_s = max(0.0, (at - call.offered_at).total_seconds())


# --------------------------------------------------------------------------------------
# Missed calls → call-back work orders
# --------------------------------------------------------------------------------------


def _callback_county(call: Call, config: HotlineSettings) -> Region | None:
    if call.caller_index:
        latest = (
            WorkOrder.objects.filter(party__phone_index=call.caller_index)
            .select_related("county")
            .order_by("-created_at")
            .first()
        )
        if latest is not None:
            return latest.county
    return Region.objects.filter(code=config.callback_county_code).first()


def _is_missed(call: Call, config: HotlineSettings) -> bool:
    return (
        call.direction == Call.Direction.INBOUND
        and call.outcome == Call.Outcome.ABANDONED
        and call.queue_wait_s is not None
        and call.queue_wait_s > config.short_abandon_seconds
        and bool(call.caller_index)
    )


def hotline_point() -> ServicePoint | None:
    """The 12348 hotline centre (the highest-level active one)."""
    return (
        ServicePoint.objects.filter(kind=ServicePoint.Kind.HOTLINE, is_active=True)
        .order_by("level", "pk")
        .first()
    )


def _callback_assign(
    *, order: WorkOrder, due: dt.datetime, call: Call, missed_at: dt.datetime
) -> None:
    """Give a new call-back order its clock-hour deadline and hand it to the hotline centre
    itself (dispatched in the same write), so that routing leaves it with the agents who
    call back. Without a hotline centre the order keeps its deadline and is routed as any
    other hotline order."""
    deadline = {"due_at": due, "first_response_due_at": due}
    reason = _("未接来电回拨时限：%(due)s 前") % {
        "due": f"{timezone.localtime(due):%Y-%m-%d %H:%M}"
    }
    point = hotline_point()
    if point is not None:
        workorder_transition(
            order=order,
            to=Status.DISPATCHED,
            actor=None,
            reason=reason + _("，由12348热线中心回拨"),
            now=missed_at,
            updates={**deadline, "assigned_point": point},
            extra={"call_id": call.call_id, "callback": True},
        )
        return
    WorkOrder.objects.filter(pk=order.pk).update(**deadline)
    order.due_at = order.first_response_due_at = due
    workorder_add_event(
        order=order,
        kind="deadline",
        actor=None,
        reason=reason,
        extra={"call_id": call.call_id, "due_at": due.isoformat()},
        now=missed_at,
    )


def hotline_callback_for_call(
    *, call: Call, now: dt.datetime | None = None, config: HotlineSettings | None = None
) -> WorkOrder | None:
    """Turn one missed call into a call-back work order due within ``callback_due_hours``.

    A missed call is an inbound call abandoned after more than the short-abandon threshold
    (the same calls the connection rate counts as not connected) from a known number.
    A caller who already has an open call-back order gets this call added to it, so five
    attempts in an evening make one order, not five. Idempotent per call."""
    config = config or HotlineSettings.current()
    now = now or timezone.now()
    if call.callback_order_id is not None or not _is_missed(call, config):
        return None
    missed_at = call.ended_at or call.offered_at
    due = missed_at + dt.timedelta(hours=config.callback_due_hours)
    local = timezone.localtime(call.offered_at)
    wait = int(call.queue_wait_s or 0)
    with transaction.atomic():
        open_order = (
            WorkOrder.objects.filter(
                hotline_missed_calls__caller_index=call.caller_index,
                status__in=OPEN_STATUSES,
                idempotency_key__startswith="hotline-callback:",
            )
            .order_by("-created_at")
            .first()
        )
        if open_order is not None:
            workorder_add_event(
                order=open_order,
                kind="note",
                actor=None,
                reason=_("来电人 %(t)s 再次来电未接通（%(g)s，排队 %(w)d 秒后放弃）。")
                % {"t": f"{local:%m-%d %H:%M}", "g": call.seat_group.name, "w": wait},
                extra={"call_id": call.call_id},
                now=now,
            )
            Call.objects.filter(pk=call.pk).update(callback_order=open_order)
            call.callback_order = open_order
            return open_order
        county = _callback_county(call, config)
        if county is None:
            log.warning("no county %s for call-back orders", config.callback_county_code)
            return None
        order, created = workorder_create(
            channel=Channel.HOTLINE,
            service=Service.CONSULTATION,
            category=Category.OTHER,
            region=county,
            title=_("12348未接来电回拨"),
            description=_(
                "%(t)s 来电（%(g)s）排队 %(w)d 秒后放弃，未能接通。"
                "请在 %(h)d 小时内回拨来电人，了解诉求后登记或转办。"
            )
            % {
                "t": f"{local:%Y-%m-%d %H:%M}",
                "g": call.seat_group.name,
                "w": wait,
                "h": config.callback_due_hours,
            },
            party=PartyInput(name=_("12348来电人"), phone=call.reveal_caller()),
            language=call.language,
            idempotency_key=f"hotline-callback:{call.call_id}",
            now=missed_at,
        )
        if created:
            _callback_assign(order=order, due=due, call=call, missed_at=missed_at)
        Call.objects.filter(pk=call.pk).update(callback_order=order)
        call.callback_order = order
    return order


def hotline_callbacks_create(*, now: dt.datetime | None = None) -> int:
    """Create call-back orders for the missed calls of the last ``callback_lookback_hours``
    that have none, unless the caller has since got through. Returns orders touched."""
    now = now or timezone.now()
    config = HotlineSettings.current()
    since = now - dt.timedelta(hours=config.callback_lookback_hours)
    missed = list(
        Call.objects.filter(
            direction=Call.Direction.INBOUND,
            outcome=Call.Outcome.ABANDONED,
            queue_wait_s__gt=config.short_abandon_seconds,
            callback_order__isnull=True,
            offered_at__gte=since,
            offered_at__lte=now,
        )
        .exclude(caller_index="")
        .select_related("seat_group")
        .order_by("offered_at")
    )
    if not missed:
        return 0
    reached = {
        (idx, at)
        for idx, at in Call.objects.filter(
            direction=Call.Direction.INBOUND,
            outcome=Call.Outcome.ANSWERED,
            caller_index__in={c.caller_index for c in missed},
            offered_at__gte=since,
        ).values_list("caller_index", "offered_at")
    }
    touched = 0
    for call in missed:
        if any(idx == call.caller_index and at > call.offered_at for idx, at in reached):
            continue  # the caller got through later; nobody needs to call back
        if hotline_callback_for_call(call=call, now=now, config=config) is not None:
            touched += 1
    return touched


# --------------------------------------------------------------------------------------
# Agents and the console
# --------------------------------------------------------------------------------------


def agent_set_presence(*, agent: Agent, presence: str, now: dt.datetime | None = None) -> Agent:
    if presence not in Agent.Presence.values:
        raise ValueError(presence)
    agent.presence = presence
    agent.presence_since = now or timezone.now()
    agent.save(update_fields=["presence", "presence_since"])
    return agent


def agent_ensure(*, user: User, employee_no: str, groups: Iterable[SeatGroup]) -> Agent:
    agent, _created = Agent.objects.get_or_create(user=user, defaults={"employee_no": employee_no})
    agent.groups.set(list(groups))
    return agent


def hotline_call_log_order(
    *,
    user: User,
    call: Call | None,
    phone: str,
    name: str,
    service: str,
    category: str,
    region: Region,
    description: str,
    id_number: str = "",
    now: dt.datetime | None = None,
) -> tuple[WorkOrder, bool]:
    """Log the call the agent is on as a work order (hotline channel) and link it.
    Logging the same call twice returns the first order."""
    now = now or timezone.now()
    number = call.reveal_caller() if call is not None and call.caller_enc else phone
    with transaction.atomic():
        order, created = workorder_create(
            channel=Channel.HOTLINE,
            service=service,
            category=category,
            region=region,
            description=description,
            party=PartyInput(name=name, phone=number, id_number=id_number),
            language=call.language if call is not None else "zh",
            created_by=user,
            idempotency_key=f"hotline-call:{call.call_id}" if call is not None else None,
            now=now,
        )
        if call is not None and call.work_order_id is None:
            Call.objects.filter(pk=call.pk).update(work_order=order)
            call.work_order = order
    return order, created
