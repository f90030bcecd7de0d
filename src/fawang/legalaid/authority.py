"""Who issues a legal-aid decision, and which justice bureau hears an objection to it.

A decision is the act of the legal-aid institution (法律援助机构) the deciding official
belongs to. An objection to a refusal or a termination goes to the justice bureau
(司法行政部门) that set that institution up (art. 49): the bureau of the institution's own
region — 武侯区法律援助中心 → 武侯区司法局, 成都市法律援助中心 → 成都市司法局,
四川省法律援助中心 → 四川省司法厅. Without a recorded institution, the county's.
"""

from __future__ import annotations

from fawang.accounts.models import User
from fawang.legalaid.models import LegalAidCase
from fawang.network.models import Institution
from fawang.regions.models import Region


def issuing_institution(by: User | None) -> Institution | None:
    return by.institution if by is not None and by.institution_id else None


def centre_name(case: LegalAidCase, by: User | None) -> str:
    inst = issuing_institution(by)
    return inst.name if inst is not None else f"{case.order.county.name}法律援助中心"


def bureau_region(case: LegalAidCase, by: User | None) -> Region:
    inst = issuing_institution(by)
    return inst.region if inst is not None else case.order.county


def bureau_name(region: Region) -> str:
    return region.justice_bureau
