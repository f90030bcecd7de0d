import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from fawang.consult import llm
from fawang.consult.answer import answer_question


class _FakeChat(BaseHTTPRequestHandler):
    reply = ""
    seen: list[dict] = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append({"path": self.path, "body": body})
        payload = {"choices": [{"message": {"role": "assistant", "content": self.reply}}]}
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def fake_llm(settings):
    server = HTTPServer(("127.0.0.1", 0), _FakeChat)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.FAWANG_LLM_URL = f"http://127.0.0.1:{server.server_port}/v1"
    settings.FAWANG_LLM_MODEL = "fake-model"
    _FakeChat.seen = []
    yield _FakeChat
    server.shutdown()


def test_it_is_off_by_default(settings):
    settings.FAWANG_LLM_URL = ""
    assert not llm.enabled()
    assert llm.draft_answer("工资", []) is None


def test_every_citation_in_the_draft_is_checked_and_fakes_are_marked(fake_llm):
    fake_llm.reply = "根据《劳动合同法》第三十条，单位应足额支付。另见《劳动合同法》第九百条。"
    draft = llm.draft_answer("老板不给工资", [{"citation": "《劳动合同法》第三十条", "text": "…"}])
    assert draft is not None
    assert [c.status for c in draft.checks] == ["current", "missing"]
    assert not draft.all_verified
    assert "《劳动合同法》第九百条〔未通过核验：无此条〕" in draft.text
    assert "《劳动合同法》第三十条〔" not in draft.text
    [call] = fake_llm.seen
    assert call["path"] == "/v1/chat/completions"
    assert call["body"]["model"] == "fake-model"
    assert "老板不给工资" in call["body"]["messages"][-1]["content"]


@pytest.mark.django_db
def test_the_structured_answer_carries_the_checked_draft(fake_llm, small_index):
    fake_llm.reply = "可依《合同法》第五十二条主张。"
    answer = answer_question("公司拖欠工资", index=small_index, region=None)
    assert answer.draft is not None
    assert answer.draft.checks[0].status == "repealed"
    assert answer.as_dict()["draft"]["all_verified"] is False


def test_a_dead_backend_gives_no_draft_instead_of_an_error(settings):
    settings.FAWANG_LLM_URL = "http://127.0.0.1:9/v1"
    assert llm.draft_answer("工资", []) is None
