"""Demo: make sure the statute index exists; build it in a background process if not.

Building takes about half a minute on two cores, so ``make demo`` does not wait for it: the
server starts at once and the search page says "正在建立法条索引" until the build is done.
"""

from __future__ import annotations

import subprocess
import sys

from fawang.consult.index import StaleIndex, index_dir, load_index

ORDER = 80
SPAWN_BUILD = True  # tests switch this off


def load(*, rng, now, stdout, options) -> list[str]:  # type: ignore[no-untyped-def]
    try:
        index = load_index()
    except StaleIndex as exc:
        if not SPAWN_BUILD:
            return [f"法条索引：{exc}，请运行 fawang consult_index"]
        log = index_dir().parent / "build.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as out:
            subprocess.Popen(
                [sys.executable, "-m", "fawang.cli", "consult_index"],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        stdout.write(f"  法条索引（{exc}）正在后台建立，日志：{log}")
        return ["法律咨询：/consult/ （法条索引在后台建立，约半分钟后可用）"]
    return [f"法律咨询：/consult/ （法条索引 {len(index)} 条已就绪）"]
