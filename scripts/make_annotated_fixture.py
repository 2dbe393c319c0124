#!/usr/bin/env python3
"""Writes fixtures/annotated.jsonl: invented news text with hand-made layers
(sentences, tokens, entities with canonical, quotes with speaker and cue,
stances, stance_summary) in newspipe's output format, for the exporters,
the report and the HTML pages to be tested on.

Offsets are found with str.find (Python counts code points, as FORMAT.md
does), so the annotations are written as text, not as numbers.
Run: python3 scripts/make_annotated_fixture.py > fixtures/annotated.jsonl
"""
import json
import re
import sys


def at(text, needle, nth=1):
    """(start, end) of the nth occurrence of needle."""
    start = -1
    for _ in range(nth):
        start = text.find(needle, start + 1)
        if start < 0:
            raise SystemExit(f"not found: {needle!r}")
    return start, start + len(needle)


def span(text, needle, nth=1):
    s, e = at(text, needle, nth)
    return {"start": s, "end": e}


def entity(text, needle, label, canonical=None, nth=1):
    s, e = at(text, needle, nth)
    out = {"start": s, "end": e, "text": needle, "label": label}
    if canonical:
        out["canonical"] = canonical
    return out


def quote(text, needle, speaker=None, cue=None, kind="direct"):
    s, e = at(text, needle)
    q = {"start": s, "end": e, "text": needle, "speaker": None, "cue": None, "kind": kind}
    if speaker:
        name, mention, nth = speaker
        q["speaker"] = {"name": name, **span(text, mention, nth)}
    if cue:
        word, nth = cue
        q["cue"] = {"text": word, **span(text, word, nth)}
    return q


def stance(text, holder, target, label_, mention, unit, unit_kind, score, cue):
    return {
        "holder": holder, "target": target, "target_label": label_,
        "mention": span(text, mention[0], mention[1]),
        "unit": {"kind": unit_kind, **span(text, unit)},
        "score": score,
        "label": "favor" if score > 0.1 else "against" if score < -0.1 else "neutral",
        "evidence": [{"text": cue, **span(text, cue), "weight": score}] if cue else [],
    }


def summary(stances):
    groups = {}
    for s in stances:
        groups.setdefault((s["holder"], s["target"]), []).append(s["score"])
    out = []
    for (holder, target), scores in groups.items():
        score = round(sum(scores) / len(scores), 3)
        label = "favor" if score > 0.1 else "against" if score < -0.1 else "neutral"
        out.append({"holder": holder, "target": target, "score": score, "label": label, "n": len(scores)})
    return out


def sentences(text, ends):
    out, start = [], 0
    for end_text in ends:
        _, end = at(text, end_text)
        while text[start].isspace():
            start += 1
        out.append({"start": start, "end": end})
        start = end
    return out


def tokens(text, sents):
    starts = {s["start"] for s in sents}
    out = []
    for m in re.finditer(r"\w+|[^\w\s]", text):
        word = m.group()
        kind = "number" if word.isdigit() else "word" if word[0].isalnum() else "punct"
        letters = [c for c in word if c.isalpha()]
        if not letters:
            shape = "none"
        elif all(c.islower() for c in letters):
            shape = "lower"
        elif len(letters) == 1:
            shape = "initial"
        elif all(c.isupper() for c in letters):
            shape = "upper"
        elif letters[0].isupper():
            shape = "title"
        else:
            shape = "other"
        out.append({"start": m.start(), "end": m.end(), "kind": kind, "shape": shape,
                    "sentence_start": m.start() in starts})
    return out


def veloria():
    t = ("Foreign Minister Amina Rahimova said on Tuesday that Veloria would not join the pact. "
         "“We will not be pushed into a bad deal by Karstad,” Rahimova told reporters in Port Elin. "
         "“Our partners in the Northern Union have been fair,” she added.\n\n"
         "Karstad’s envoy, Dr. Olek Brandt, disagreed. "
         "“Veloria is welcome, and the door stays open,” Brandt said.")
    sents = sentences(t, ["pact.", "Port Elin.", "she added.", "disagreed.", "Brandt said."])
    q1 = "“We will not be pushed into a bad deal by Karstad,”"
    q2 = "“Our partners in the Northern Union have been fair,”"
    q3 = "“Veloria is welcome, and the door stays open,”"
    st = [
        stance(t, "author", "Veloria", "GPE", ("Veloria", 1),
               "Foreign Minister Amina Rahimova said on Tuesday that Veloria would not join the pact.",
               "sentence", 0.0, None),
        stance(t, "Amina Rahimova", "Karstad", "GPE", ("Karstad", 1), q1, "quote", -0.6, "bad deal"),
        stance(t, "Amina Rahimova", "Northern Union", "ORG", ("Northern Union", 1), q2, "quote", 0.5, "fair"),
        stance(t, "Olek Brandt", "Veloria", "GPE", ("Veloria", 2), q3, "quote", 0.7, "welcome"),
    ]
    return {
        "format": 1, "id": "veloria-1", "text": t,
        "meta": {"source": "invented", "title": "Veloria stays out of the pact"},
        "lang": {"code": "en", "confidence": 0.99},
        "sentences": sents,
        "tokens": tokens(t, sents),
        "entities": [
            entity(t, "Amina Rahimova", "PERSON", "Amina Rahimova"),
            entity(t, "Tuesday", "DATE"),
            entity(t, "Veloria", "GPE", "Veloria"),
            entity(t, "Karstad", "GPE", "Karstad"),
            entity(t, "Rahimova", "PERSON", "Amina Rahimova", nth=2),
            entity(t, "Port Elin", "GPE", "Port Elin"),
            entity(t, "Northern Union", "ORG", "Northern Union"),
            entity(t, "Karstad", "GPE", "Karstad", nth=2),
            entity(t, "Olek Brandt", "PERSON", "Olek Brandt"),
            entity(t, "Veloria", "GPE", "Veloria", nth=2),
            entity(t, "Brandt", "PERSON", "Olek Brandt", nth=2),
        ],
        "quotes": [
            quote(t, q1, ("Amina Rahimova", "Rahimova", 2), ("told", 1)),
            quote(t, q2, ("Amina Rahimova", "she", 2), ("added", 1)),  # 1st "she" is in "pushed"
            quote(t, q3, ("Olek Brandt", "Brandt", 2), ("said", 2)),
        ],
        "stances": st,
        "stance_summary": summary(st),
    }


def novograd():
    # Markup-like text and non-ASCII (Cyrillic, an emoji outside the BMP)
    # check escaping and code-point offsets end to end.
    t = ("Analysts at the Meridian Institute warned of “<script>alert(1)</script> & other tricks” "
         "in the campaign. Сергей Петров, a trader in Novograd, said: "
         "“Prices are rising fast 📈, and Karstad is to blame.” The company said little.")
    sents = sentences(t, ["campaign.", "to blame.”", "little."])
    q1 = "“<script>alert(1)</script> & other tricks”"
    q2 = "“Prices are rising fast 📈, and Karstad is to blame.”"
    st = [
        stance(t, None, "Meridian Institute", "ORG", ("Meridian Institute", 1), q1, "quote", 0.0, None),
        stance(t, "Сергей Петров", "Karstad", "GPE", ("Karstad", 1), q2, "quote", -0.7, "blame"),
    ]
    return {
        "format": 1, "id": "novograd-2", "text": t,
        "meta": {"source": "invented"},
        "lang": {"code": "en", "confidence": 0.95},
        "sentences": sents,
        "entities": [
            entity(t, "Meridian Institute", "ORG", "Meridian Institute"),
            entity(t, "Сергей Петров", "PERSON", "Сергей Петров"),
            entity(t, "Novograd", "GPE", "Novograd"),
            entity(t, "Karstad", "GPE", "Karstad"),
        ],
        "quotes": [
            quote(t, q1, kind="mixed"),
            quote(t, q2, ("Сергей Петров", "Сергей Петров", 1), (":", 1)),
        ],
        "stances": st,
        "stance_summary": summary(st),
    }


def bare():
    return {"format": 1, "id": "bare-3", "text": "A short note with no annotations at all."}


for record in (veloria(), novograd(), bare()):
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
