"""Chinese text for the statute index: segmentation (jieba) and the colloquial vocabulary.

The segmenter is a private ``jieba.Tokenizer`` (the global one is left to other code),
taught the law names and the legal terms of our vocabulary so that 劳动报酬 or 交通事故
stay whole words. The vocabulary (``data/vocabulary.tsv``) maps how people talk to how
statutes are written; it is maintained by hand and reviewed like code.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jieba

DATA_DIR = Path(__file__).resolve().parent / "data"
VOCABULARY_PATH = DATA_DIR / "vocabulary.tsv"

_WORD_RE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]+")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")

# Words that carry no matter of law in a question ("what should I do about …").
QUERY_STOPWORDS = frozenset(
    [
        "的",
        "了",
        "是",
        "在",
        "和",
        "与",
        "对",
        "于",
        "由",
        "从",
        "被",
        "把",
        "及",
        "或",
        "并",
        "等",
        "请问",
        "问",
        "我",
        "我们",
        "你",
        "你们",
        "他",
        "她",
        "它",
        "他们",
        "这",
        "那",
        "这个",
        "那个",
        "个",
        "之",
        "其",
        "什么",
        "怎么",
        "怎么办",
        "怎样",
        "如何",
        "咨询",
        "一下",
        "有关",
        "关于",
        "应该",
        "应当",
        "可以",
        "能",
        "能否",
        "能不能",
        "可不可以",
        "是否",
        "有没有",
        "有",
        "没有",
        "如果",
        "因为",
        "所以",
        "但是",
        "然后",
        "因此",
        "还",
        "又",
        "也",
        "都",
        "就",
        "吗",
        "呢",
        "吧",
        "啊",
        "呀",
        "么",
        "嘛",
        "哪些",
        "哪个",
        "哪里",
        "多少",
        "几",
        "谁",
        "要",
        "会",
        "想",
        "需要",
        "请",
        "帮",
        "帮忙",
        "现在",
        "已经",
        "一个",
        "一些",
        "这种",
        "那种",
        "这样",
        "那样",
        "情况",
        "情况下",
        "时候",
        "问题",
        "律师",
        "法律",
        "规定",
        "法律规定",
        "根据",
        "依法",
        "具体",
        "相关",
        "以及",
        "还是",
        "或者",
        "而且",
        "并且",
        "之后",
        "以后",
        "之前",
        "以前",
        "后",
        "前",
        "给",
        "让",
        "人家",
        "别人",
        "自己",
        "今天",
        "昨天",
        "去年",
        "今年",
        "不",
        "没",
        "上",
        "下",
        "里",
        "中",
        "内",
        "外",
    ]
)


_HAN_RUN_RE = re.compile(r"[\u4e00-\u9fff]{2,}")


def bigrams(text: str) -> list[str]:
    """Overlapping character pairs of each run of Chinese characters: 租赁物 → 租赁, 赁物.

    They match what word segmentation splits differently in a question and in the law
    (承租人继续使用租赁物), and they keep the words' order that a bag of words loses.
    """
    return [run[i : i + 2] for run in _HAN_RUN_RE.findall(text or "") for i in range(len(run) - 1)]


def has_chinese(text: str) -> bool:
    return bool(_CJK_RE.search(text or ""))


@dataclass(frozen=True, slots=True)
class Rule:
    """When every key occurs in the question, add the legal terms."""

    keys: tuple[str, ...]
    terms: tuple[str, ...]


def load_vocabulary(path: Path = VOCABULARY_PATH) -> list[Rule]:
    """``口语[+口语…]<TAB>法律用语 法律用语 …`` lines; ``#`` starts a comment."""
    rules: list[Rule] = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        left, sep, right = line.partition("\t")
        if not sep:
            raise ValueError(f"{path.name}:{lineno}: expected 'colloquial<TAB>terms'")
        keys = tuple(k.strip() for k in left.split("+") if k.strip())
        terms = tuple(right.split())
        if not keys or not terms:
            raise ValueError(f"{path.name}:{lineno}: empty side")
        rules.append(Rule(keys, terms))
    return rules


def data_digest(path: Path = VOCABULARY_PATH) -> str:
    """A short SHA-256 of a data file the index is built from (the vocabulary by default)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


class Segmenter:
    """jieba with our own dictionary additions, cached under ``cache_dir``."""

    def __init__(
        self,
        extra_words: list[str],
        cache_dir: Path | None = None,
        dictionary: Path | None = None,
    ) -> None:
        self._jieba = jieba.Tokenizer(str(dictionary)) if dictionary else jieba.Tokenizer()
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
            self._jieba.tmp_dir = str(cache_dir)
        logging.getLogger("jieba").setLevel(logging.WARNING)
        jieba.setLogLevel(logging.WARNING)
        self._jieba.initialize()
        for word in dict.fromkeys(extra_words):
            if 2 <= len(word) <= 12 and _WORD_RE.fullmatch(word):
                self._jieba.add_word(word, freq=20000)

    def write_dictionary(self, path: Path, keep: set[str], min_freq: int = 50) -> None:
        """A smaller jieba dictionary: common words, the corpus's words and ours.

        jieba's full dictionary takes ~0.7 s to load; this one a fraction of that, and it
        segments the same words, since every word the index knows is in it.
        """
        freq = self._jieba.FREQ
        with path.open("w", encoding="utf-8") as handle:
            for word, count in freq.items():
                if count and (count >= min_freq or word in keep):
                    handle.write(f"{word} {count}\n")

    def words(self, text: str) -> list[str]:
        """Words for search: long words also give their parts (jieba's search mode)."""
        return [w for w in self._jieba.cut_for_search(text or "") if _WORD_RE.fullmatch(w)]

    def precise_query_words(self, text: str) -> list[str]:
        """Precise-mode words, each followed by its dictionary sub-words (2+ characters)."""
        out: list[str] = []
        for w in self._jieba.cut(text or ""):
            if not _WORD_RE.fullmatch(w) or w in QUERY_STOPWORDS:
                continue
            out.append(w)
            if len(w) > 2:
                freq = self._jieba.FREQ
                for n in (2, 3):
                    for i in range(len(w) - n + 1):
                        part = w[i : i + n]
                        if part != w and freq.get(part):
                            out.append(part)
        return out

    def query_words(self, text: str) -> list[str]:
        return [w for w in self.words(text) if w not in QUERY_STOPWORDS]


@cache
def vocabulary() -> tuple[Rule, ...]:
    return tuple(load_vocabulary())


class PhraseScan:
    """Which of many word sets occur whole in a question, found in one pass over it: the
    words are indexed by their first two characters (one-character words apart), then each
    set needing a found word is checked. The vocabulary's rules and the topic cues
    (index.py) hold thousands of words."""

    def __init__(self, word_sets: Sequence[tuple[str, ...]]) -> None:
        self.word_sets = word_sets
        self.sets_of: dict[str, list[int]] = {}
        for n, words in enumerate(word_sets):
            for word in set(words):
                self.sets_of.setdefault(word, []).append(n)
        self.singles = {word for word in self.sets_of if len(word) == 1}
        # Sets of one word match as soon as it is found; only the others are checked.
        self.several = [len(set(words)) > 1 for words in word_sets]
        self.by_start: dict[str, list[str]] = {}
        for word in self.sets_of:
            if len(word) > 1:
                self.by_start.setdefault(word[:2], []).append(word)

    def matching(self, question: str) -> list[int]:
        """Indexes of the word sets all of whose words occur in ``question``, ascending."""
        found = {ch for ch in question if ch in self.singles}
        for i in range(len(question) - 1):
            for word in self.by_start.get(question[i : i + 2], ()):
                if question.startswith(word, i):
                    found.add(word)
        candidates = {n for word in found for n in self.sets_of[word]}
        return sorted(
            n
            for n in candidates
            if not self.several[n] or all(w in found for w in self.word_sets[n])
        )


_scans: dict[int, tuple[Sequence[Rule], PhraseScan]] = {}


def expand(question: str, rules: Sequence[Rule]) -> list[str]:
    """Legal terms for the colloquial phrases found in the question (in rule order)."""
    cached = _scans.get(id(rules))
    if cached is None or cached[0] is not rules:
        if len(_scans) > 8:  # only the cached vocabulary lives long; tests pass their own
            _scans.clear()
        cached = _scans[id(rules)] = (rules, PhraseScan([rule.keys for rule in rules]))
    scan = cached[1]
    out: list[str] = []
    for r in scan.matching(question):
        out.extend(rules[r].terms)
    return list(dict.fromkeys(out))
