import io

from fawang.consult import demo
from fawang.consult.index import StaleIndex


def _stale(**kwargs):
    raise StaleIndex("尚未建立法条索引")


def test_demo_starts_the_index_build_in_the_background_when_missing(monkeypatch, tmp_path):
    started = []
    monkeypatch.setattr(demo, "load_index", _stale)
    monkeypatch.setattr(demo, "index_dir", lambda: tmp_path / "consult" / "index")
    monkeypatch.setattr(demo, "SPAWN_BUILD", True)
    monkeypatch.setattr(demo.subprocess, "Popen", lambda args, **kw: started.append(args))
    out = io.StringIO()
    lines = demo.load(rng=None, now=None, stdout=out, options={})
    assert started and started[0][-1] == "consult_index"
    assert "后台" in lines[0]
    assert (tmp_path / "consult" / "build.log").exists()


def test_demo_reports_a_ready_index(monkeypatch, small_index_built):
    monkeypatch.setattr(demo, "load_index", lambda **kw: small_index_built)
    [line] = demo.load(rng=None, now=None, stdout=io.StringIO(), options={})
    assert "已就绪" in line
