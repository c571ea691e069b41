"""Write a synthetic chronology of N events in the rnk data format, for the scale benchmark.

    .venv/bin/python benchmarks/gen_chronology.py 10000 /tmp/chron-10k

The output is a folder laid out like the bundled data (meta.toml, sources.toml, eras.toml,
tags.toml, events.toml, faq.toml, aliases.toml) that passes `rnk validate`. The text is varied,
built from a seeded random mix of actors, places, topics and sentence patterns, so search and
summaries do realistic work: about 4% of events mention sanctions, as in the bundled data.
The same N and seed always give the same files.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ERAS = (
    ("founding", "Founding years", 1945, 1953),
    ("patronage", "Patronage", 1954, 1969),
    ("balancing", "Balancing act", 1970, 1984),
    ("estrangement", "Estrangement", 1985, 1999),
    ("revival", "Revival", 2000, 2011),
    ("sanctions-era", "Sanctions era", 2012, 2021),
    ("alliance", "Alliance", 2022, 2025),
)
TAGS = {
    "war": "Armed conflict",
    "aid": "Economic or military aid",
    "sanctions": "Sanctions and the votes on them",
    "nuclear": "Nuclear weapons and the talks about them",
    "missiles": "Missile tests and transfers",
    "summit": "Leaders meet",
    "debt": "Money owed and written off",
    "treaty": "Treaties and agreements",
    "troops": "Soldiers and military workers",
    "diplomacy": "Visits, declarations and talks",
    "arms": "Weapons and munitions",
    "economy": "Trade and economic projects",
    "un": "Votes at the United Nations",
    "leadership": "Successions and deaths of leaders",
    "infrastructure": "Railways, bridges and pipelines",
    "space": "Satellites and launch sites",
    "culture": "Exchanges of students, artists and athletes",
    "labour": "Workers sent abroad",
    "energy": "Oil, gas, coal and electricity",
    "fisheries": "Fishing rights and catches",
    "turning-point": "A moment that changed the course of the relationship",
}
PEOPLE = (
    "Kim Il Sung", "Kim Jong Il", "Kim Jong Un", "Kim Yo Jong", "Choe Son Hui", "Pak Pong Ju",
    "Joseph Stalin", "Nikita Khrushchev", "Leonid Brezhnev", "Mikhail Gorbachev", "Boris Yeltsin",
    "Vladimir Putin", "Sergei Lavrov", "Sergei Shoigu", "Andrei Belousov", "Alexander Matsegora",
    "Eduard Shevardnadze", "Andrei Gromyko", "Yevgeny Primakov", "Dmitry Medvedev",
)  # fmt: skip
PLACES = (
    "Moscow", "Pyongyang", "Vladivostok", "Khabarovsk", "Rason", "Khasan", "Tumen River",
    "Sinuiju", "Wonsan", "Nampo", "Chongjin", "Vostochny Cosmodrome", "Kursk", "Beijing", "Seoul",
    "Sohae", "Yongbyon", "Nakhodka", "Irkutsk", "Novosibirsk", "Tumangang", "Hamhung", "Kaesong",
)  # fmt: skip
ACTORS = (
    "A Soviet delegation", "A Russian delegation", "North Korean officials", "The Kremlin",
    "Pyongyang", "Moscow", "The Soviet foreign ministry", "A North Korean trade mission",
    "Russian diplomats", "The Korean Workers' Party", "A joint commission", "The DPRK embassy",
    "Soviet engineers", "North Korean envoys", "The Russian Federation", "The USSR",
)  # fmt: skip
VERBS = (
    "signs an agreement on", "opens talks on", "announces new plans for", "reviews",
    "agrees to expand", "suspends", "resumes", "pledges support for", "criticises delays in",
    "sends experts to help with", "quietly cuts back", "publicly praises", "renegotiates",
    "hosts a conference on", "sets up a working group on", "drafts a protocol covering",
)  # fmt: skip
TOPICS = (
    ("railway links", "infrastructure"), ("port access at Rason", "infrastructure"),
    ("oil deliveries", "energy"), ("electricity exports", "energy"), ("coal shipments", "energy"),
    ("artillery shells", "arms"), ("fighter aircraft", "arms"), ("tank spare parts", "arms"),
    ("ballistic missile tests", "missiles"), ("satellite launches", "space"),
    ("the nuclear programme", "nuclear"), ("six-party talks", "nuclear"),
    ("old Soviet-era loans", "debt"), ("debt repayment", "debt"), ("grain aid", "aid"),
    ("fertiliser deliveries", "aid"), ("trade quotas", "economy"), ("a new trade office", "economy"),
    ("timber concessions", "labour"), ("construction workers abroad", "labour"),
    ("fishing quotas in the Sea of Japan", "fisheries"), ("student exchanges", "culture"),
    ("a touring ballet company", "culture"), ("UN Security Council resolutions", "un"),
    ("military training", "troops"), ("troop deployments", "troops"),
    ("a treaty of friendship", "treaty"), ("border demarcation", "treaty"),
)  # fmt: skip
SANCTION_SENTENCES = (
    "Observers say the move strains the sanctions regime imposed by the UN Security Council.",
    "Western governments accuse Moscow of helping Pyongyang evade sanctions.",
    "Russia abstains on a vote to tighten sanctions on North Korea.",
    "The panel monitoring sanctions reports suspicious transfers at sea.",
)
FILLERS = (
    "The talks last {days} days and end with a joint communique.",
    "Reports at the time put the value at about {money} million roubles.",
    "Few details are published, and later accounts disagree on the date.",
    "State media in {place} give the visit prominent coverage.",
    "Analysts in {place} read it as a sign of warming ties.",
    "The plan is revised {n} times before work begins.",
    "Officials from both sides meet again in {place} the following month.",
    "Critics in {place} call the deal one-sided.",
    "It is the first such step since {year}.",
    "Archival records released decades later describe tense negotiations.",
)  # fmt: skip


def q(text: str) -> str:
    """A TOML basic string: JSON's escapes are all valid TOML escapes."""
    return json.dumps(text, ensure_ascii=False)


def qlist(items: list[str]) -> str:
    return "[" + ", ".join(q(i) for i in items) + "]"


def event_toml(i: int, rng: random.Random, n_sources: int) -> str:
    era_id, _, first, last = rng.choice(ERAS)
    year = rng.randint(first, last)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    precision = rng.random()
    start = f"{year}" if precision < 0.15 else f"{year}-{month:02d}" if precision < 0.35 else \
        f"{year}-{month:02d}-{day:02d}"  # fmt: skip
    lines = ["[[events]]", f'id = "ev-{i:06d}"', f'start = "{start}"']
    if rng.random() < 0.2:
        lines.append(f'end = "{min(year + rng.randint(1, 4), last)}"')
    actor, verb = rng.choice(ACTORS), rng.choice(VERBS)
    topic, tag = rng.choice(TOPICS)
    place = rng.choice(PLACES)
    title = f"{actor} {verb} {topic}"
    sentences = [f"{title} in {place}."]
    for _ in range(rng.randint(1, 3)):
        sentences.append(rng.choice(FILLERS).format(
            days=rng.randint(2, 9), money=rng.randint(5, 900), place=rng.choice(PLACES),
            n=rng.randint(2, 5), year=rng.randint(1945, year),
        ))  # fmt: skip
    tags = {tag, rng.choice(list(TAGS))}
    if rng.random() < 0.04:
        sentences.append(rng.choice(SANCTION_SENTENCES))
        tags.add("sanctions")
    people = sorted(set(rng.sample(PEOPLE, rng.randint(0, 3))))
    lines += [
        f"title = {q(title)}",
        f"summary = {q(' '.join(sentences))}",
        f'era = "{era_id}"',
        f"tags = {qlist(sorted(tags))}",
    ]
    if people:
        lines.append(f"people = {qlist(people)}")
    lines.append(f"places = {qlist(sorted({place, rng.choice(PLACES)}))}")
    sources = [f"src-{rng.randrange(n_sources):05d}" for _ in range(rng.randint(1, 2))]
    lines.append(f"sources = {qlist(sources)}")
    if rng.random() < 0.1:
        lines.append(f"note = {q('Sources differ on the exact date; the earliest report is used.')}")
    return "\n".join(lines) + "\n"


def write(n: int, out: Path, seed: int = 7) -> Path:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    n_sources = max(10, n // 50)
    (out / "meta.toml").write_text(
        "[meta]\n"
        f'title = "Synthetic chronology of {n} events"\n'
        'as_of = "2025-10-31"\n'
        'overview = "A generated chronology for benchmarks.\\n\\nIts text is random but realistic."\n'
        'sources = ["src-00000"]\n',
        encoding="utf-8",
    )
    publishers = ("Associated Press", "Reuters", "Agence France-Presse", "TASS", "Yonhap", "KCNA Watch")
    with (out / "sources.toml").open("w", encoding="utf-8") as f:
        for s in range(n_sources):
            f.write(
                f"[sources.src-{s:05d}]\npublisher = {q(rng.choice(publishers))}\n"
                f"title = {q(f'Report number {s} on Moscow and Pyongyang')}\n"
                f'date = "{rng.randint(1950, 2025)}"\nurl = "https://example.org/reports/{s}"\n\n'
            )
    (out / "eras.toml").write_text(
        "".join(f'[[eras]]\nid = "{e}"\nname = "{name}"\nstart = "{a}"\nend = "{b}"\n'
                f'summary = "The years {a} to {b}."\n\n' for e, name, a, b in ERAS),
        encoding="utf-8",
    )  # fmt: skip
    (out / "tags.toml").write_text(
        "[tags]\n" + "".join(f"{k} = {q(v)}\n" for k, v in TAGS.items()), encoding="utf-8"
    )
    with (out / "events.toml").open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(event_toml(i, rng, n_sources) + "\n")
    (out / "faq.toml").write_text(
        "".join(
            f'[[faq]]\nid = "faq-{k}"\nquestion = "Did Russia back sanctions in case {k}?"\n'
            f'answer = "Sometimes, as the events show."\nevents = ["ev-{k * (n // 10):06d}"]\n'
            'phrasings = ["did russia back sanctions", "russia and sanctions"]\n\n'
            for k in range(10)
        ),
        encoding="utf-8",
    )
    (out / "aliases.toml").write_text(
        '[[aliases]]\nterms = ["USSR", "Soviet Union", "Soviet"]\n\n'
        '[[aliases]]\nterms = ["DPRK", "North Korea", "Pyongyang"]\n',
        encoding="utf-8",
    )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("events", type=int, help="how many events (at least 10)")
    parser.add_argument("out", type=Path, help="folder to write (created if missing)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.events < 10:
        parser.error("need at least 10 events")
    write(args.events, args.out, args.seed)
    print(f"wrote {args.events} events to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
