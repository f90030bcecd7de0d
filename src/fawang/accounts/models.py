"""Users with roles and a jurisdiction, and the audit log."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.regions.models import Region


class Role(models.TextChoices):
    CITIZEN = "citizen", _("群众/企业")
    AGENT = "agent", _("热线坐席")
    CLERK = "clerk", _("窗口工作人员")
    PRACTITIONER = "practitioner", _("法律服务人员")
    REVIEWER = "reviewer", _("法律援助审查人员")
    # A justice bureau (司法局/司法厅) official: hears objections to its legal-aid
    # institution's refusals and terminations (Legal Aid Law art. 49).
    BUREAU = "bureau", _("司法行政部门审查人员")
    DISPATCHER = "dispatcher", _("指挥调度/督办人员")
    ANALYST = "analyst", _("分析/领导")
    SYSADMIN = "sysadmin", _("系统管理员")
    SECADMIN = "secadmin", _("安全管理员")
    AUDITOR = "auditor", _("安全审计员")


STAFF_ROLES = frozenset(Role) - {Role.CITIZEN}
# Roles that may see a party's full ID number (and whose every such read is audited).
PII_ROLES = frozenset({Role.CLERK, Role.REVIEWER, Role.AGENT})


class User(AbstractUser):
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.CITIZEN)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("管辖区划"),
        help_text=_("其所属单位所在区划；管辖范围为该区划及其下级。"),
    )
    service_point = models.ForeignKey(
        "network.ServicePoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("所属服务点"),
    )
    institution = models.ForeignKey(
        "network.Institution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("所属机构"),
    )
    practitioner = models.OneToOneField(
        "network.Practitioner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("对应法律服务人员"),
    )
    display_name = models.CharField(_("姓名"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        org = self.service_point or self.institution
        if org is not None and self.region_id is None:
            self.region_id = org.region_id
        super().save(*args, **kwargs)

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def jurisdiction_path(self) -> str | None:
        """The region path whose subtree this user may see; None means nothing."""
        if not self.is_authenticated or self.role not in STAFF_ROLES or self.region is None:
            return None
        return self.region.path


class AuditLog(models.Model):
    """Append-only record of logins, writes and reads of personal data."""

    class Action(models.TextChoices):
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOGOUT = "logout", _("退出")
        CREATE = "create", _("新增")
        UPDATE = "update", _("修改")
        TRANSITION = "transition", _("流转")
        READ_PII = "read_pii", _("查看个人信息")
        DENIED = "denied", _("越权访问")
        EXPORT = "export", _("导出")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=16, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=40, blank=True)
    object_id = models.CharField(_("对象"), max_length=64, blank=True, db_index=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_id}"


class ApiToken(models.Model):
    """A bearer token for another system calling the API as ``user`` (whose role and
    jurisdiction apply). Only a SHA-256 of the token is stored: the token is 256 random
    bits, so a fast hash is enough, and a leaked table reveals no usable token."""

    name = models.CharField(_("用途"), max_length=100)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("代表账号")
    )
    prefix = models.CharField(_("令牌前缀"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"))
    expires_at = models.DateTimeField(_("失效时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name}"
