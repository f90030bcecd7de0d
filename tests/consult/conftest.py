"""A small statute index (a handful of laws) built once per test session."""

from __future__ import annotations

import pytest

from fawang.consult import demo, index

SMALL_LAWS = [
    "中华人民共和国劳动合同法",
    "中华人民共和国劳动法",
    "中华人民共和国道路交通安全法",
    "中华人民共和国消费者权益保护法",
    "中华人民共和国法律援助法",
    "中华人民共和国人民调解法",
]


@pytest.fixture(scope="session")
def small_index_dir(tmp_path_factory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("consult") / "index"
    index.build_index(out_dir=out, law_names=SMALL_LAWS)
    return out


@pytest.fixture(scope="session")
def small_index_built(small_index_dir):  # type: ignore[no-untyped-def]
    return index.load_index(directory=small_index_dir)


@pytest.fixture(autouse=True)
def small_index(small_index_built, monkeypatch):  # type: ignore[no-untyped-def]
    """Every consult test searches the small index; nothing builds the full one."""
    monkeypatch.setattr(demo, "SPAWN_BUILD", False)
    index.set_index(small_index_built)
    yield small_index_built
    index.set_index(None)
