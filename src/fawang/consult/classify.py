"""A question → work-order category and a suggested service path.

The category model is a multinomial naive Bayes over character bigrams and the legal terms
that the colloquial vocabulary adds (老板不给钱 → 拖欠 劳动报酬), trained on the labelled
questions in ``data/questions.tsv``. The third of that file held out by ``split_questions``
is used for nothing but measuring accuracy. It is small and retrains in milliseconds, so it
is trained on first use rather than persisted.

The service path follows the category, with legal aid first when the matter is one that the
Legal Aid Law covers (法律援助法第三十一条: wages, work injury, support, social insurance,
personal injury …) and the question signals financial hardship.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from django.utils.translation import gettext_lazy as _

from fawang.consult.text import DATA_DIR, expand, vocabulary
from fawang.workorders.models import Category

QUESTIONS_PATH = DATA_DIR / "questions.tsv"
CUES_PATH = DATA_DIR / "category_cues.tsv"
_KEEP_RE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


@dataclass(frozen=True, slots=True)
class Labelled:
    category: str
    question: str


def load_questions(path: Path = QUESTIONS_PATH) -> list[Labelled]:
    items = []
    valid = set(Category.values)
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        category, sep, question = raw.partition("\t")
        if not sep or category not in valid:
            raise ValueError(f"{path.name}:{lineno}: bad line")
        items.append(Labelled(category, question.strip()))
    return items


def split_questions(items: list[Labelled]) -> tuple[list[Labelled], list[Labelled]]:
    """(train, held out): within each category the 1st, 4th, 7th … question is held out."""
    seen: Counter[str] = Counter()
    train, test = [], []
    for item in items:
        seen[item.category] += 1
        (test if seen[item.category] % 3 == 1 else train).append(item)
    return train, test


@cache
def cues() -> dict[str, tuple[str, ...]]:
    """``data/category_cues.tsv``: category → cue words (maintained by hand)."""
    out: dict[str, tuple[str, ...]] = {}
    for raw in CUES_PATH.read_text(encoding="utf-8").splitlines():
        if raw.strip() and not raw.startswith("#"):
            category, _sep, words = raw.partition("\t")
            out[category] = tuple(words.split())
    return out


CUE_WEIGHT = 3


def features(question: str) -> list[str]:
    chars = "".join(_KEEP_RE.findall(question))
    feats = [chars[i : i + 2] for i in range(len(chars) - 1)]
    feats += list(chars)
    feats += [f"T:{t}" for t in expand(question, vocabulary()) for _ in range(2)]
    for category, words in cues().items():
        hits = sum(1 for w in words if w in question)
        feats += [f"C:{category}"] * (CUE_WEIGHT * hits)
    return feats


class CategoryModel:
    """Multinomial naive Bayes with Laplace smoothing."""

    def __init__(self, items: list[Labelled], alpha: float = 1.0) -> None:
        self.alpha = alpha
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        docs: Counter[str] = Counter()
        for item in items:
            counts[item.category].update(features(item.question))
            docs[item.category] += 1
        self.vocab = {f for c in counts.values() for f in c}
        total_docs = sum(docs.values())
        self.log_prior = {c: math.log(n / total_docs) for c, n in docs.items()}
        self.log_like: dict[str, dict[str, float]] = {}
        self.log_unseen: dict[str, float] = {}
        v = len(self.vocab)
        for category, counter in counts.items():
            denom = sum(counter.values()) + alpha * v
            self.log_like[category] = {f: math.log((n + alpha) / denom) for f, n in counter.items()}
            self.log_unseen[category] = math.log(alpha / denom)

        # The same as a table: one row of log-likelihoods (over categories) per feature.
        self.categories = list(self.log_prior)
        self.row = {f: n for n, f in enumerate(sorted(self.vocab))}
        self.table = np.array(
            [
                [self.log_like[c].get(f, self.log_unseen[c]) for c in self.categories]
                for f in sorted(self.vocab)
            ],
            dtype=np.float64,
        ).reshape(len(self.vocab), len(self.categories))
        self.prior_row = np.array([self.log_prior[c] for c in self.categories])

    def scores(self, question: str) -> dict[str, float]:
        rows = [self.row[f] for f in features(question) if f in self.row]
        total = self.prior_row + self.table[rows].sum(axis=0)
        return dict(zip(self.categories, total.tolist(), strict=True))

    def ranked(self, question: str) -> list[tuple[str, float]]:
        """Categories with posterior probabilities, best first."""
        scores = self.scores(question)
        top = max(scores.values())
        exp = {c: math.exp(s - top) for c, s in scores.items()}
        total = sum(exp.values())
        return sorted(((c, e / total) for c, e in exp.items()), key=lambda kv: -kv[1])

    def predict(self, question: str) -> str:
        if not features(question):
            return Category.OTHER
        return self.ranked(question)[0][0]

    def accuracy(self, items: list[Labelled]) -> float:
        if not items:
            return float("nan")
        return sum(self.predict(i.question) == i.category for i in items) / len(items)


@cache
def model() -> CategoryModel:
    train, _test = split_questions(load_questions())
    return CategoryModel(train)


# --- service path ---------------------------------------------------------------------------
class Path_:
    LEGAL_AID = "legal_aid"
    MEDIATION = "mediation"
    LABOUR_ARBITRATION = "labour_arbitration"
    NOTARY = "notary"
    COURT = "court"


PATH_LABELS = {
    Path_.LEGAL_AID: _("申请法律援助"),
    Path_.MEDIATION: _("人民调解"),
    Path_.LABOUR_ARBITRATION: _("劳动人事争议仲裁"),
    Path_.NOTARY: _("公证"),
    Path_.COURT: _("向人民法院起诉"),
}

PATH_ADVICE = {
    Path_.LEGAL_AID: _(
        "您的事项属于法律援助范围，经济困难的可向当地法律援助中心申请免费律师帮助"
        "（法律援助法第三十一条），也可拨打12348咨询。"
    ),
    Path_.MEDIATION: _(
        "可先请村（居）人民调解委员会或公共法律服务站调解，调解免费，达成的调解协议"
        "可以申请法院司法确认。"
    ),
    Path_.LABOUR_ARBITRATION: _(
        "劳动争议须先向劳动人事争议仲裁委员会申请仲裁（一般在一年内），对裁决不服再向"
        "法院起诉；请保存工资条、考勤、聊天记录等证据。"
    ),
    Path_.NOTARY: _("遗嘱、委托、继承等事项可到公证机构办理公证，请携带身份证件和相关材料。"),
    Path_.COURT: _(
        "协商、调解不成的，可以向有管辖权的人民法院起诉；注意诉讼时效（一般为三年），"
        "并保存好合同、借条、转账记录等证据。"
    ),
}

# Category → the usual path(s), first is the default.
CATEGORY_PATHS: dict[str, tuple[str, ...]] = {
    Category.LABOUR_WAGE: (Path_.LABOUR_ARBITRATION, Path_.MEDIATION),
    Category.WORK_INJURY: (Path_.LABOUR_ARBITRATION, Path_.COURT),
    Category.SOCIAL_INSURANCE: (Path_.LABOUR_ARBITRATION, Path_.COURT),
    Category.MARRIAGE_FAMILY: (Path_.MEDIATION, Path_.COURT),
    Category.INHERITANCE: (Path_.MEDIATION, Path_.NOTARY, Path_.COURT),
    Category.SUPPORT: (Path_.MEDIATION, Path_.COURT),
    Category.NEIGHBOUR: (Path_.MEDIATION, Path_.COURT),
    Category.LENDING: (Path_.COURT, Path_.MEDIATION),
    Category.CONTRACT: (Path_.MEDIATION, Path_.COURT),
    Category.HOUSING: (Path_.MEDIATION, Path_.COURT),
    Category.PROPERTY_MGMT: (Path_.MEDIATION, Path_.COURT),
    Category.TRAFFIC: (Path_.MEDIATION, Path_.COURT),
    Category.MEDICAL: (Path_.MEDIATION, Path_.COURT),
    Category.PERSONAL_INJURY: (Path_.MEDIATION, Path_.COURT),
    Category.CONSUMER: (Path_.MEDIATION, Path_.COURT),
    Category.LAND: (Path_.MEDIATION, Path_.COURT),
    Category.IP: (Path_.COURT, Path_.MEDIATION),
    Category.COMPANY: (Path_.COURT, Path_.MEDIATION),
    Category.ENVIRONMENT: (Path_.MEDIATION, Path_.COURT),
    Category.CRIMINAL: (Path_.COURT, Path_.LEGAL_AID),
    Category.ADMINISTRATIVE: (Path_.COURT,),
    Category.OTHER: (Path_.MEDIATION, Path_.NOTARY),
}

# Matters for which legal aid may be requested (法律援助法第三十一条, 第二十四条 criminal).
LEGAL_AID_MATTERS = frozenset(
    {
        Category.LABOUR_WAGE,
        Category.WORK_INJURY,
        Category.SOCIAL_INSURANCE,
        Category.SUPPORT,
        Category.TRAFFIC,
        Category.MEDICAL,
        Category.PERSONAL_INJURY,
        Category.ENVIRONMENT,
        Category.CRIMINAL,
    }
)
# Words that signal hardship or a group the law favours (法律援助法第三十二条, 第四十二条).
HARDSHIP_WORDS = (
    "没钱", "请不起", "困难", "低保", "特困", "残疾", "残疾人", "农民工", "打工", "老人",
    "七十", "八十", "未成年", "孩子", "生病", "看不起病", "家暴", "军人", "退役", "见义勇为",
    "工地", "包工头", "免费", "法律援助",
)  # fmt: skip
_NOTARY_WORDS = ("公证", "遗嘱", "委托", "出国", "签证", "证明")


@dataclass(frozen=True)
class Suggestion:
    category: str
    category_label: str
    confidence: float
    paths: tuple[str, ...]
    legal_aid_likely: bool

    @property
    def path(self) -> str:
        return self.paths[0]

    @property
    def path_labels(self) -> list[str]:
        return [str(PATH_LABELS[p]) for p in self.paths]

    @property
    def advice(self) -> list[str]:
        return [str(PATH_ADVICE[p]) for p in self.paths]

    def as_dict(self) -> dict[str, object]:
        return {
            "category": self.category,
            "category_label": self.category_label,
            "confidence": round(self.confidence, 3),
            "path": self.path,
            "paths": [{"code": p, "label": str(PATH_LABELS[p])} for p in self.paths],
            "legal_aid_likely": self.legal_aid_likely,
        }


def suggest_paths(category: str, question: str) -> tuple[tuple[str, ...], bool]:
    paths = list(CATEGORY_PATHS.get(category, (Path_.MEDIATION,)))
    if any(w in question for w in _NOTARY_WORDS) and category in {
        Category.INHERITANCE,
        Category.OTHER,
    }:
        paths.remove(Path_.NOTARY) if Path_.NOTARY in paths else None
        paths.insert(0, Path_.NOTARY)
    aid = category in LEGAL_AID_MATTERS and any(w in question for w in HARDSHIP_WORDS)
    if aid:
        if Path_.LEGAL_AID in paths:
            paths.remove(Path_.LEGAL_AID)
        paths.insert(0, Path_.LEGAL_AID)
    return tuple(dict.fromkeys(paths)), aid


def classify(question: str) -> Suggestion:
    ranked = model().ranked(question) if features(question) else [(Category.OTHER, 1.0)]
    category, confidence = ranked[0]
    paths, aid = suggest_paths(category, question)
    return Suggestion(category, str(Category(category).label), confidence, paths, aid)
