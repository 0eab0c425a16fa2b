"""Programme texts with an uneven vocabulary, for measuring search (not for the site).

Ten thousand copies of the seed text make every word occur everywhere, so every search finds
everything. Real archives have a skewed vocabulary; this corpus imitates one, deterministically
(seeded), in Dutch- and English-looking text of the seed programme's lengths:

- topic words, drawn with a Zipf distribution: a few occur in most programmes, most in few;
- words unique to one programme ("one"), a handful shared by two to five ("few");
- words in every programme ("every").

``words_by_kind(n)`` gives search words of each kind for a corpus of ``n`` programmes;
``Corpus(n).programme(i)`` gives the texts of programme ``i`` (used by bench/populate.py).
Plain Python: no Django needed.
"""

import random
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate

TOPICS = 3000
ZIPF_EXPONENT = 1.05
TOPICS_PER_PROGRAMME = 24
# Words that every programme holds, in each language's text.
EVERY = {
    "nl": ["beleidsprogramma", "rijksoverheid", "bestuursakkoord"],
    "en": ["policyprogramme", "government", "administration"],
}
FEW_GROUP = (2, 5)
FEW_SHARE = 0.2  # one programme in five shares a "few" word with some others

CONSONANTS = "bdfgklmnprstvwz"
VOWELS = "aeiou"
DUTCH_ENDINGS = ["heid", "ing", "schap", "beleid", "plan", "raad", "wet", "zorg"]
ENGLISH_ENDINGS = ["ness", "tion", "ship", "policy", "plan", "board", "act", "care"]
DUTCH_FILLER = str.split(
    "de het een van en in op voor met dat die bij als door naar om ook over tot werd was "
    "hebben zijn worden kunnen moeten deze dit onder tussen tegen binnen zonder waarbij "
    "gemeenten provincies burgers bedrijven ministerie overheid samenleving uitvoering "
    "aanpak inzet afspraken resultaten doelen partners gezamenlijk landelijk regionaal"
)
ENGLISH_FILLER = str.split(
    "the of and to in for with that by as on from at was were have has be been could "
    "should this these under between against within without whereby municipalities "
    "provinces citizens businesses ministry public society implementation approach effort "
    "agreements results goals partners jointly national regional"
)


def _syllables(number: int, count: int, alphabet: list[str]) -> str:
    """``number`` written in ``count`` syllables: the same length for every number, so that
    no such word is the beginning of another (search matches words by prefix)."""
    out = []
    for _ in range(count):
        number, digit = divmod(number, len(alphabet))
        out.append(alphabet[digit])
    return "".join(reversed(out))


SYLLABLES = [c + v for c in CONSONANTS for v in VOWELS]  # 75


@cache
def topic_words() -> list[tuple[str, str]]:
    """(Dutch, English) forms of each topic, most frequent first."""
    rng = random.Random(12345)
    stems = rng.sample(range(len(SYLLABLES) ** 3), TOPICS)
    words = []
    for rank, stem in enumerate(stems):
        base = _syllables(stem, 3, SYLLABLES)
        words.append(
            (base + DUTCH_ENDINGS[rank % len(DUTCH_ENDINGS)], base + ENGLISH_ENDINGS[rank % 8])
        )
    return words


@cache
def _zipf_weights() -> list[float]:
    return list(accumulate(1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(TOPICS)))


def unique_word(number: int, seed: int = 0) -> str:
    """The word only programme ``number`` holds: "x" starts no other word of the corpus."""
    return "x" + _syllables(number * 7919 + seed, 4, SYLLABLES)


def few_word(group: int, seed: int = 0) -> str:
    """The word a small group of programmes shares: "y" starts no other word."""
    return "y" + _syllables(group * 104729 + seed, 4, SYLLABLES)


@dataclass
class Plan:
    """Which words of the vocabulary one programme holds."""

    topics: list[int]
    unique: str
    few: list[str] = field(default_factory=list)


class Corpus:
    """The vocabulary of ``count`` programmes, and their texts (deterministic for a seed)."""

    def __init__(self, count: int, seed: int = 0) -> None:
        self.count = count
        self.seed = seed
        rng = random.Random(seed)
        weights = _zipf_weights()
        total = weights[-1]
        self.plans = []
        for number in range(count):
            topics = {
                bisect_left(weights, rng.random() * total) for _ in range(TOPICS_PER_PROGRAMME)
            }
            self.plans.append(Plan(sorted(topics), unique_word(number, seed)))
        sharing = [number for number in range(count) if rng.random() < FEW_SHARE]
        rng.shuffle(sharing)
        group, position = 0, 0
        while position < len(sharing):
            size = rng.randint(*FEW_GROUP)
            for number in sharing[position : position + size]:
                self.plans[number].few.append(few_word(group, seed))
            position += size
            group += 1

    def document_frequency(self) -> dict[str, int]:
        """How many programmes hold each word (Dutch forms of the topics)."""
        counts: dict[str, int] = {}
        words = topic_words()
        for plan in self.plans:
            for word in [*(words[topic][0] for topic in plan.topics), plan.unique, *plan.few]:
                counts[word] = counts.get(word, 0) + 1
        for word in EVERY["nl"]:
            counts[word] = self.count
        return counts

    def programme(self, number: int, stream: str = "") -> "Writer":
        """A writer of programme ``number``'s texts (another ``stream`` writes other
        sentences with the same words: for its parts)."""
        return Writer(self.plans[number], random.Random(f"{self.seed}:{number}:{stream}"))


class Writer:
    """Paragraphs of one programme in either language: filler words with the programme's own
    words (its topics, its unique and shared words, the words in every programme) mixed in."""

    def __init__(self, plan: Plan, rng: random.Random) -> None:
        self.plan = plan
        self.random = rng
        words = topic_words()
        self.own = {
            language: [words[topic][index] for topic in plan.topics]
            for index, language in enumerate(("nl", "en"))
        }
        # Each special word once in each language's text, in the first paragraphs written.
        self.pending = {
            language: [plan.unique, *plan.few, *EVERY[language]] for language in ("nl", "en")
        }

    def sentence(self, language: str) -> str:
        filler = DUTCH_FILLER if language == "nl" else ENGLISH_FILLER
        length = self.random.randint(8, 20)
        words = self.random.choices(filler, k=length)
        for _ in range(self.random.randint(1, 3)):
            words[self.random.randrange(length)] = self.random.choice(self.own[language])
        if self.pending[language]:
            words[self.random.randrange(length)] = self.pending[language].pop()
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, language: str, minimum: int = 80) -> str:
        """A paragraph of at least ``minimum`` characters, about as long as the seed's."""
        target = max(minimum, self.random.randint(80, 600))
        sentences: list[str] = []
        length = 0
        while length < target:
            sentences.append(self.sentence(language))
            length += len(sentences[-1]) + 1
        return " ".join(sentences)

    def title(self, language: str) -> str:
        words = self.own[language][:3]
        joiner = " en " if language == "nl" else " and "
        return (", ".join(words[:-1]) + joiner + words[-1]).capitalize()


def words_by_kind(n: int, seed: int = 0) -> dict[str, list[str]]:
    """Search words of each kind for a corpus of ``n`` programmes (``Corpus(n, seed)``):
    "one" (in one programme), "few" (two to five), "many" (topic words in 5 to 50 per cent of
    the programmes) and "every" (in all). Up to 50 words each, in a fixed order."""
    corpus = Corpus(n, seed)
    frequency = corpus.document_frequency()
    many = [
        word
        for word, count in frequency.items()
        if n * 0.05 <= count <= n * 0.5 and not word.startswith(("x", "y"))
    ]
    rng = random.Random(seed)

    def pick(words) -> list[str]:
        words = sorted(words)
        return sorted(rng.sample(words, min(50, len(words))))

    return {
        "one": pick(plan.unique for plan in corpus.plans),
        "few": pick(
            {word for word, count in frequency.items() if 2 <= count <= 5 and word.startswith("y")}
        ),
        "many": pick(many) if many else pick(w for w, c in frequency.items() if c > 1),
        "every": list(EVERY["nl"]),
    }


if __name__ == "__main__":
    import sys

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    frequency = Corpus(size).document_frequency()
    for kind, words in words_by_kind(size).items():
        print(kind, [(word, frequency[word]) for word in words[:5]])
    writer = Corpus(size).programme(0)
    print(writer.title("nl"), "|", writer.paragraph("nl"))
