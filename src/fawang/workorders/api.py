"""``/api/v1/workorders``: create (public, idempotent, throttled), list and read (staff,
jurisdiction-scoped, personal data masked). OpenAPI at ``/api/docs``."""

import datetime as dt
import re
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status as HttpStatus
from pydantic import field_validator

from fawang.accounts.api_auth import CALLERS, STAFF, caller_user, throttles
from fawang.accounts.models import User
from fawang.lib.validators import validate_id_number, validate_mobile
from fawang.network.models import Language
from fawang.regions import geo
from fawang.regions.models import Level, Region
from fawang.workorders.models import (
    OPEN_STATUSES,
    Category,
    Channel,
    Service,
    Status,
    WorkOrder,
)
from fawang.workorders.selectors import (
    OrderFilters,
    workorder_get_for_user,
    workorder_list_for_user,
)
from fawang.workorders.services import IntakeError, PartyInput, workorder_create

PREFIX = "workorders"
router = Router(tags=["工单 work orders"])

# Channels an anonymous caller may claim; hotline and walk-in orders are logged by staff.
PUBLIC_CHANNELS = frozenset({Channel.API, Channel.WEB})
_KEY = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class PartyIn(Schema):
    kind: Literal["person", "enterprise"] = "person"
    name: str = Field(..., min_length=1, max_length=100, description="姓名或单位名称")
    phone: str = Field(..., max_length=20, description="手机号码（11位）")
    id_number: str = Field("", max_length=20, description="居民身份证号码（可选，18位）")

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError(_("请填写姓名或单位名称。"))
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(_("请填写手机号码，便于联系和查询进度。"))
        try:
            return validate_mobile(value)
        except DjangoValidationError as exc:
            raise ValueError(exc.messages[0]) from None

    @field_validator("id_number")
    @classmethod
    def _id_number(cls, value: str) -> str:
        if not value.strip():
            return ""
        try:
            return validate_id_number(value)
        except DjangoValidationError as exc:
            raise ValueError(exc.messages[0]) from None


class WorkOrderIn(Schema):
    channel: Channel = Field(Channel.API, description="渠道；匿名调用只能用 api 或 web")
    service: Service = Service.CONSULTATION
    category: Category = Category.OTHER
    region_code: str = Field(
        "", max_length=12, description="发生地区划代码（县级6位或乡镇9位/村12位）"
    )
    lng: float | None = Field(None, ge=-180, le=180, description="经度（无区划代码时定位县区）")
    lat: float | None = Field(None, ge=-90, le=90)
    language: Language = Language.ZH
    title: str = Field("", max_length=120)
    description: str = Field(..., min_length=5, max_length=5000, description="情况描述")
    opposing_party: str = Field("", max_length=120)
    party: PartyIn
    idempotency_key: str | None = Field(
        None, description="幂等键；也可用请求头 Idempotency-Key。同一键只建一张工单"
    )

    @field_validator("description")
    @classmethod
    def _description(cls, value: str) -> str:
        value = value.strip()
        if len(value) < 5:
            raise ValueError(_("请把情况描述得具体一些（至少5个字）。"))
        return value


class OrderCreatedOut(Schema):
    number: str
    status: str
    status_label: str
    status_note: str = Field(..., description="给申请人的状态说明，如“已受理，正在分派承办单位。”")
    channel: str
    service: str
    category: str
    county_code: str
    county_name: str
    created_at: dt.datetime
    track_url: str = Field(..., description="凭工单号和手机号后四位查询进度")


class ErrorOut(Schema):
    detail: list | str
    errors: dict[str, list[str]] | None = None


class OrderListItem(Schema):
    number: str
    channel: str
    channel_label: str
    service: str
    service_label: str
    category: str
    category_label: str
    status: str
    status_label: str
    language: str
    county_code: str
    county_name: str
    region_code: str
    region_name: str
    party_name: str = Field(..., description="已脱敏")
    party_phone: str = Field(..., description="已脱敏")
    party_id_number: str = Field(..., description="已脱敏")
    assigned_point: str | None
    created_at: dt.datetime
    first_response_due_at: dt.datetime | None
    due_at: dt.datetime | None
    closed_at: dt.datetime | None
    overdue: bool

    @staticmethod
    def resolve_channel_label(obj: WorkOrder) -> str:
        return str(obj.get_channel_display())

    @staticmethod
    def resolve_service_label(obj: WorkOrder) -> str:
        return str(obj.get_service_display())

    @staticmethod
    def resolve_category_label(obj: WorkOrder) -> str:
        return str(obj.get_category_display())

    @staticmethod
    def resolve_status_label(obj: WorkOrder) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_county_code(obj: WorkOrder) -> str:
        return obj.county_id

    @staticmethod
    def resolve_county_name(obj: WorkOrder) -> str:
        return obj.county.name

    @staticmethod
    def resolve_region_code(obj: WorkOrder) -> str:
        return obj.region_id

    @staticmethod
    def resolve_region_name(obj: WorkOrder) -> str:
        return obj.region.name

    @staticmethod
    def resolve_party_name(obj: WorkOrder) -> str:
        return obj.party.masked_name

    @staticmethod
    def resolve_party_phone(obj: WorkOrder) -> str:
        return obj.party.phone_masked

    @staticmethod
    def resolve_party_id_number(obj: WorkOrder) -> str:
        return obj.party.id_number_masked

    @staticmethod
    def resolve_assigned_point(obj: WorkOrder) -> str | None:
        return obj.assigned_point.name if obj.assigned_point_id else None

    @staticmethod
    def resolve_overdue(obj: WorkOrder, context: dict) -> bool:
        return bool(obj.status in OPEN_STATUSES and obj.due_at and obj.due_at < timezone.now())


class EventOut(Schema):
    at: dt.datetime
    kind: str
    from_status: str
    to_status: str
    to_status_label: str
    actor_name: str
    unit: str
    reason: str

    @staticmethod
    def resolve_to_status_label(obj) -> str:  # type: ignore[no-untyped-def]
        return str(Status(obj.to_status).label) if obj.to_status in Status.values else ""


class OrderDetail(OrderListItem):
    title: str
    description: str
    opposing_party: str
    assigned_institution: str | None
    assigned_person: str | None
    first_responded_at: dt.datetime | None
    replied_at: dt.datetime | None
    satisfaction: int | None
    events: list[EventOut]

    @staticmethod
    def resolve_assigned_institution(obj: WorkOrder) -> str | None:
        return obj.assigned_institution.name if obj.assigned_institution_id else None

    @staticmethod
    def resolve_assigned_person(obj: WorkOrder) -> str | None:
        return obj.assigned_person.name if obj.assigned_person_id else None

    @staticmethod
    def resolve_events(obj: WorkOrder) -> list:
        return list(obj.events.all())


class ListFilters(Schema):
    status: Status | None = None
    service: Service | None = None
    category: Category | None = None
    channel: Channel | None = None
    overdue: bool = False
    number: str = Field("", max_length=32, description="工单号前缀")


def _invalid(field: str, message: str) -> NinjaValidationError:
    return NinjaValidationError(
        [{"type": "value_error", "loc": ["body", "payload", *field.split(".")], "msg": message}]
    )


def _staff(request: HttpRequest) -> User:
    user = caller_user(request)
    if user is None or not user.is_staff_role:
        raise HttpError(403, _("仅限工作人员使用。"))
    return user


def _region(payload: WorkOrderIn) -> Region:
    code = payload.region_code.strip()
    if code:
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise _invalid("region_code", _("区划代码 %(code)s 不存在。") % {"code": code})
        if region.level < Level.COUNTY:
            raise _invalid("region_code", _("请选择到县（市、区）一级或以下。"))
        return region
    if payload.lng is not None and payload.lat is not None:
        division = geo.locate(payload.lng, payload.lat)
        region = Region.objects.filter(code=division.code).first() if division else None
        if region is None:
            raise _invalid("lng", _("该位置不在四川省境内，请填写区划代码。"))
        return region
    raise _invalid("region_code", _("请填写发生地区划代码，或提供经纬度。"))


@router.post(
    "",
    auth=CALLERS,
    throttle=throttles(),
    response={200: OrderCreatedOut, 201: OrderCreatedOut, 422: ErrorOut, 429: ErrorOut},
    summary="新建工单（受理）",
    description=(
        "匿名可调用（按来源限流），渠道限 api/web；工作人员（会话或接口令牌）可登记任意渠道。"
        "同一幂等键（请求头 Idempotency-Key 或字段 idempotency_key）重复提交时返回原工单，"
        "状态码 200；新建时 201。输入有误时返回 422，errors 中按字段给出中文说明。"
    ),
)
def create_order(request: HttpRequest, payload: WorkOrderIn):  # type: ignore[no-untyped-def]
    user = caller_user(request)
    header_key = request.headers.get("Idempotency-Key", "").strip()
    body_key = (payload.idempotency_key or "").strip()
    if header_key and body_key and header_key != body_key:
        raise _invalid("idempotency_key", _("请求头和字段中的幂等键不一致。"))
    key = header_key or body_key
    if key and not _KEY.fullmatch(key):
        raise _invalid("idempotency_key", _("幂等键只能由字母、数字和 ._:- 组成，最长64个字符。"))
    if user is None and payload.channel not in PUBLIC_CHANNELS:
        raise _invalid("channel", _("热线、窗口等渠道的工单须由工作人员登记。"))
    region = _region(payload)
    # Keys are per caller, so one caller can never collide with (or read) another's.
    stored_key = f"api:{user.pk if user else 'anon'}:{key}" if key else None
    try:
        order, created = workorder_create(
            channel=payload.channel,
            service=payload.service,
            category=payload.category,
            region=region,
            description=payload.description,
            party=PartyInput(
                name=payload.party.name,
                phone=payload.party.phone,
                id_number=payload.party.id_number,
                kind=payload.party.kind,
            ),
            language=payload.language,
            title=payload.title,
            opposing_party=payload.opposing_party,
            created_by=user,
            idempotency_key=stored_key,
            lng=payload.lng,
            lat=payload.lat,
        )
    except IntakeError as exc:
        raise NinjaValidationError(
            [
                {"type": "value_error", "loc": ["body", "payload", k], "msg": v}
                for k, v in exc.errors.items()
            ]
        ) from None
    return HttpStatus(201 if created else 200, _created_out(order))


def _created_out(order: WorkOrder) -> dict:
    try:
        track = reverse("track")
    except Exception:  # the tracking page belongs to the web app
        track = "/track/"
    return {
        "number": order.number,
        "status": order.status,
        "status_label": str(order.get_status_display()),
        "status_note": order.status_note,
        "channel": order.channel,
        "service": order.service,
        "category": order.category,
        "county_code": order.county_id,
        "county_name": order.county.name,
        "created_at": order.created_at,
        "track_url": f"{track}?number={order.number}",
    }


@router.get(
    "",
    auth=STAFF,
    throttle=throttles(),
    response=list[OrderListItem],
    summary="工单列表（本管辖范围，个人信息已脱敏）",
)
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def list_orders(request: HttpRequest, filters: Query[ListFilters]):  # type: ignore[no-untyped-def]
    user = _staff(request)
    return workorder_list_for_user(
        user=user,
        filters=OrderFilters(
            status=filters.status or "",
            service=filters.service or "",
            category=filters.category or "",
            channel=filters.channel or "",
            overdue=filters.overdue,
            number=filters.number,
        ),
    )


@router.get(
    "/{number}",
    auth=STAFF,
    throttle=throttles(),
    response={200: OrderDetail, 404: ErrorOut},
    summary="工单详情（含流转记录，个人信息已脱敏）",
)
def get_order(request: HttpRequest, number: str):  # type: ignore[no-untyped-def]
    user = _staff(request)
    order = workorder_get_for_user(user=user, number=number.strip().upper())
    return order
