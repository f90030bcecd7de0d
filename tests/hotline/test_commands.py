import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from fawang.hotline.models import Call, CtiClient
from fawang.hotline.services import cti_client_authenticate
from fawang.hotline.tasks import PERIODIC
from fawang.workorders.models import WorkOrder
from tests.hotline.conftest import make_call


def test_the_import_command_reads_a_file_and_reports_in_chinese(tmp_path, groups):
    path = tmp_path / "cdr.csv"
    path.write_text(
        "call_id,seat_group,offered_at,ended_at,caller\n"
        "K1,general,2026-03-02 09:00:00,2026-03-02 09:00:40,13800138000\n"
        "K2,general,2026-03-02 09:00:00,,13800138000\n",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    call_command("hotline_import", str(path), stdout=out, stderr=err)
    assert "新增 1 条" in out.getvalue()
    assert "第 3 行：未接通的来电须填写结束时间" in err.getvalue()
    assert Call.objects.get().outcome == "abandoned"
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("hotline_import", str(tmp_path / "missing.csv"))


def test_the_token_command_prints_a_token_stored_only_as_a_hash(db):
    out = io.StringIO()
    call_command("hotline_cti_token", "avaya", stdout=out)
    token = out.getvalue().strip()
    client = CtiClient.objects.get()
    assert token not in client.token_hash and len(token) > 30
    assert cti_client_authenticate(token=token) == client
    with pytest.raises(CommandError, match="已存在"):
        call_command("hotline_cti_token", "avaya")


def test_the_periodic_job_turns_missed_calls_into_call_backs(sichuan, groups):
    now = timezone.now()
    make_call(groups["general"], now - dt.timedelta(hours=1), abandoned_after=30)
    ((seconds, job),) = PERIODIC
    assert seconds == 60
    assert job(now) == "hotline call-backs: 1"
    assert job(now) == "hotline call-backs: 0"
    assert WorkOrder.objects.get().channel == "hotline"
