"""Segment: the section tree from numbering, paragraphs from wrapped lines, provenance.

Lines are given as repaired lines (CleanLine) so these tests see only the segment stage:
line numbers count from 1, "" is a blank line, and a leading "• " marks a bullet's first line.
"""

from __future__ import annotations

from pipeline.ingest import read_source
from pipeline.repair import repair
from pipeline.segment import segment
from tests.segment_lines import run




def sections_of(doc):
    return [(s.id, s.level, s.label, s.title, s.parent_id) for s in doc.sections]


def body(doc):
    return [(s.section_id, s.kind, s.text) for s in doc.segments if s.kind != "heading"]


def test_hierarchy_and_ids_follow_the_numbering(layout):
    text = "\n".join([
        "Preamble",
        "China upholds the peaceful use of outer space.",
        "I. A New Journey Towards a Strong Space Presence",
        "1. Mission",
        "The mission is to explore outer space.",
        "2. Vision",
        "China aims to strengthen its space presence.",
        "3. Principles",
        "China adheres to the principles of innovation-driven progress.",
        "- Innovation-driven development",
        "China puts innovation at the core of its space industry.",
        "- Coordination and efficiency",
        "China adopts a holistic approach.",
        "II. Development of Space Technology and Systems",
        "1. Space Transport System",
        "(1) Launch vehicles",
        "China has launched the Long March 5.",
        "(2) Commercial launches",
        "Private companies launch small satellites.",
        "Conclusion",
        "China will accelerate work on its space industry.",
    ])
    doc = run(text, layout)
    assert sections_of(doc) == [
        ("preamble", 1, "", "Preamble", None),
        ("I", 1, "I.", "A New Journey Towards a Strong Space Presence", None),
        ("I.1", 2, "1.", "Mission", "I"),
        ("I.2", 2, "2.", "Vision", "I"),
        ("I.3", 2, "3.", "Principles", "I"),
        ("I.3.a", 4, "-", "Innovation-driven development", "I.3"),
        ("I.3.b", 4, "-", "Coordination and efficiency", "I.3"),
        ("II", 1, "II.", "Development of Space Technology and Systems", None),
        ("II.1", 2, "1.", "Space Transport System", "II"),
        ("II.1.1", 3, "(1)", "Launch vehicles", "II.1"),
        ("II.1.2", 3, "(2)", "Commercial launches", "II.1"),
        ("conclusion", 1, "", "Conclusion", None),
    ]
    assert all(s.role == "body" for s in doc.sections)
    # each body segment sits in the innermost open section
    assert [section for section, _, _ in body(doc)] == [
        "preamble", "I.1", "I.2", "I.3", "I.3.a", "I.3.b", "II.1.1", "II.1.2", "conclusion",
    ]
    # heading segments carry ordinal 0, body segments count from 1 in their section
    headings = [s for s in doc.segments if s.kind == "heading"]
    assert [s.section_id for s in headings] == [s.id for s in doc.sections]  # "Preamble" too
    assert all(s.ordinal == 0 and s.id == f"{s.section_id}/0" for s in headings)


def test_a_number_that_does_not_continue_the_count_stays_body_text(layout):
    text = "\n".join([
        "I. A New Journey",                                         # 1
        "1. Mission",                                               # 2
        "5. Something Else Entirely",                               # 3  skips 2-4
        "China will expand cooperation under Annex",                # 4
        "3. Space Debris Mitigation Guidelines of the committee",    # 5  a wrapped line
        "2. Vision",                                                # 6  continues 1.
        "China aims to strengthen its space presence.",             # 7
    ])
    doc = run(text, layout)
    assert [s.id for s in doc.sections] == ["I", "I.1", "I.2"]
    assert body(doc) == [
        ("I.1", "paragraph", "5. Something Else Entirely China will expand cooperation under Annex "
                             "3. Space Debris Mitigation Guidelines of the committee"),
        ("I.2", "paragraph", "China aims to strengthen its space presence."),
    ]


def test_numbering_restarts_under_each_parent_and_needs_one(layout):
    text = "\n".join([
        "1. Mission",  # nothing is open yet, so there is nothing to number under
        "I. First",
        "1. Alpha",
        "(1) One",
        "(1) One again",  # repeats the count: body text
        "II. Second",
        "1. Beta",  # the count starts again under II.
        "III. Third",
        "V. Fifth",  # skips IV.: body text
    ])
    doc = run(text, layout)
    assert [(s.id, s.parent_id) for s in doc.sections] == [
        ("preamble", None), ("I", None), ("I.1", "I"), ("I.1.1", "I.1"),
        ("II", None), ("II.1", "II"), ("III", None),
    ]
    assert body(doc) == [
        ("preamble", "paragraph", "1. Mission"),
        ("I.1.1", "paragraph", "(1) One again"),
        ("III", "paragraph", "V. Fifth"),
    ]


def test_wrapped_lines_join_into_one_paragraph_with_single_spaces(layout):
    text = "\n".join([
        "I. Chapter",
        "1. Mission",
        "The mission of China's space program is: to explore outer space to expand humanity's",
        "understanding of the earth and the cosmos; to facilitate global consensus on our shared",
        "responsibility in utilizing outer space for peaceful purposes.",
    ])
    doc = run(text, layout)
    paragraphs = [s for s in doc.segments if s.kind == "paragraph" and s.section_id == "I.1"]
    assert [p.text for p in paragraphs] == [
        "The mission of China's space program is: to explore outer space to expand humanity's "
        "understanding of the earth and the cosmos; to facilitate global consensus on our shared "
        "responsibility in utilizing outer space for peaceful purposes."
    ]
    assert "  " not in paragraphs[0].text


def test_repaired_lines_with_stray_spaces_still_join_with_single_spaces(tmp_path, layout):
    path = tmp_path / "edition.txt"
    path.write_text(
        "I. Chapter\n1. Mission \nThe mission of China's space program is to explore \t\n"
        " outer space and to expand humanity's  \nunderstanding of the cosmos.\n",
        encoding="utf-8",
    )
    lines, _ = repair(read_source(path), layout)
    doc = segment(lines, layout)
    assert [s.id for s in doc.sections] == ["I", "I.1"]
    assert body(doc) == [("I.1", "paragraph", "The mission of China's space program is to explore "
                          "outer space and to expand humanity's understanding of the cosmos.")]


def test_a_new_paragraph_starts_after_a_sentence_end_and_a_capital(layout):
    text = "\n".join([
        "Preamble",
        "China upholds the peaceful use of outer space.",     # ends a sentence, next is capital
        "Since 2016, China's space industry has made rapid",   # new paragraph
        "progress. the line above ends a sentence but",         # lower case: same paragraph
        "China's capacity has grown.",                          # no sentence end above: same
        "\"To explore the vast cosmos is our eternal dream,\" stated President Xi.",  # quote opens one
        "(Photo) A caption-like line follows a sentence end.",  # "(" and a capital open one too
    ])
    doc = run(text, layout)
    assert [t for _, _, t in body(doc)] == [
        "China upholds the peaceful use of outer space.",
        "Since 2016, China's space industry has made rapid progress. the line above ends a "
        "sentence but China's capacity has grown.",
        "\"To explore the vast cosmos is our eternal dream,\" stated President Xi.",
        "(Photo) A caption-like line follows a sentence end.",
    ]


def test_one_block_per_line_but_a_lower_case_line_after_a_cut_sentence_goes_on(layout):
    """A text with each paragraph on one line still has lines a line-end hyphen split (the
    word moved down: "... achieved global" | "networking, and ..."): such a line continues the
    paragraph; a lower-case line after a full stop, or after a blank line, opens its own."""
    filler = [f"China launched its {n}th satellite of the year, and the satellite entered its planned orbit "
              "and began to serve users in agriculture, forestry, water conservancy and the oceans." for n in range(160)]
    text = "\n".join([
        "Preamble", *filler,
        "The Tianlian-1 data relay satellites achieved global",
        "networking, and the first Tiantong-1 satellite was launched in August 2016.",
        "iSpace launched a rocket.",
        "China upholds the peaceful use of", "", "outer space.",
    ])
    doc = run(text, layout)
    assert [t for _, _, t in body(doc)][160:] == [
        "The Tianlian-1 data relay satellites achieved global networking, and the first Tiantong-1 "
        "satellite was launched in August 2016.",
        "iSpace launched a rocket.", "China upholds the peaceful use of", "outer space."]


def test_a_blank_line_ends_a_paragraph_even_mid_sentence(layout):
    doc = run("Preamble\nChina upholds the peaceful use of\n\nouter space.", layout)
    assert [t for _, _, t in body(doc)] == ["China upholds the peaceful use of", "outer space."]


def test_a_bullet_spanning_several_lines_is_one_segment(layout):
    text = "\n".join([
        "I. Chapter",                                                                     # 1
        "1. Key Areas",                                                                   # 2
        "China will:",                                                                    # 3
        "• By means of the deep-space exploration project, and using extraterrestrial",   # 4
        "samples and exploration data, China will conduct joint research in fields such", # 5
        "as the space environment and planetary origin and evolution.",                   # 6
        "• China will boost joint R&D on space science satellites.",                      # 7
        "• China will hold high-level international academic exchange conferences and",   # 8
        "forums.",                                                                        # 9
    ])
    doc = run(text, layout)
    bullets = [s for s in doc.segments if s.kind == "bullet"]
    assert [(b.text, b.first_line, b.last_line) for b in bullets] == [
        ("By means of the deep-space exploration project, and using extraterrestrial samples and "
         "exploration data, China will conduct joint research in fields such as the space "
         "environment and planetary origin and evolution.", 4, 6),
        ("China will boost joint R&D on space science satellites.", 7, 7),
        ("China will hold high-level international academic exchange conferences and forums.", 8, 9),
    ]
    assert [b.id for b in bullets] == ["I.1/2", "I.1/3", "I.1/4"]  # after the intro paragraph I.1/1


def test_a_bullet_line_is_never_a_heading(layout):
    doc = run("I. Chapter\n• 1. Mission statement of the programme", layout)
    assert [s.id for s in doc.sections] == ["I"]
    assert body(doc) == [("I", "bullet", "1. Mission statement of the programme")]


def test_the_disclaimer_becomes_back_matter(layout):
    text = "\n".join([
        "Conclusion",
        "China will contribute more to serving human progress.",
        "",
        "This translation and publication does not constitute approval by any U.S. Government organization",
        "of the contents, inferences, findings and conclusions contained therein. Publication is solely for",
        "the exchange and stimulation of ideas.",
        "1. Not A Section",
    ])
    doc = run(text, layout)
    back = doc.sections[-1]
    assert (back.id, back.level, back.role, back.parent_id) == ("back-matter", 1, "back_matter", None)
    assert (back.first_line, back.last_line) == (4, 7)
    # no numbered section can open under the back matter: "1. Not A Section" stays text in it
    assert [s.id for s in doc.sections] == ["conclusion", "back-matter"]
    assert body(doc) == [
        ("conclusion", "paragraph", "China will contribute more to serving human progress."),
        ("back-matter", "paragraph",
         "This translation and publication does not constitute approval by any U.S. Government "
         "organization of the contents, inferences, findings and conclusions contained therein. "
         "Publication is solely for the exchange and stimulation of ideas."),
        ("back-matter", "paragraph", "1. Not A Section"),
    ]


def test_the_disclaimer_sentence_quoted_mid_paragraph_is_not_back_matter(layout):
    text = "\n".join([
        "Preamble",
        "The note reads as follows, and",
        "This translation and publication does not constitute approval by anyone.",
    ])
    doc = run(text, layout)
    assert [s.id for s in doc.sections] == ["preamble"]
    assert len(body(doc)) == 1


def test_text_before_any_heading_gets_an_implicit_preamble(layout):
    text = "\n".join([
        "",                                                      # 1
        "To explore the vast cosmos is our eternal dream.",      # 2
        "The space industry is a critical element of strategy.",  # 3
        "I. A New Journey",                                      # 4
        "China will start a new journey.",                       # 5
    ])
    doc = run(text, layout)
    preamble = doc.sections[0]
    assert (preamble.id, preamble.level, preamble.title, preamble.parent_id, preamble.role) == (
        "preamble", 1, "Preamble", None, "body",
    )
    assert (preamble.first_line, preamble.last_line) == (2, 3)
    assert [s.id for s in doc.segments] == ["preamble/1", "preamble/2", "I/0", "I/1"]
    assert not any(s.kind == "heading" and s.section_id == "preamble" for s in doc.segments)


def test_first_and_last_lines_trace_back_to_the_source(layout):
    text = "\n".join([
        "Preamble",                                               # 1
        "China upholds the peaceful use of outer space and the",  # 2
        "principle of exploration.",                              # 3
        "",                                                       # 4
        "I. A New Journey",                                       # 5
        "1. Mission",                                             # 6
        "The mission is to explore outer space.",                 # 7
        "• Explore the cosmos and expand",                        # 8
        "understanding.",                                         # 9
        "",                                                       # 10
        "2. Vision",                                              # 11
        "China aims to strengthen",                               # 12
        "its space presence.",                                    # 13
        "",                                                       # 14
        "II. Development",                                        # 15
    ])
    doc = run(text, layout)
    assert [(s.id, s.kind, s.first_line, s.last_line) for s in doc.segments] == [
        ("preamble/0", "heading", 1, 1),
        ("preamble/1", "paragraph", 2, 3),
        ("I/0", "heading", 5, 5),
        ("I.1/0", "heading", 6, 6),
        ("I.1/1", "paragraph", 7, 7),
        ("I.1/2", "bullet", 8, 9),
        ("I.2/0", "heading", 11, 11),
        ("I.2/1", "paragraph", 12, 13),
        ("II/0", "heading", 15, 15),
    ]
    # a section runs from its heading to its last text line; a chapter spans its sections
    assert [(s.id, s.first_line, s.last_line) for s in doc.sections] == [
        ("preamble", 1, 3), ("I", 5, 13), ("I.1", 6, 9), ("I.2", 11, 13), ("II", 15, 15),
    ]
    assert all(s.first_page is None and s.last_page is None for s in doc.segments)
    assert [s.position for s in doc.segments] == list(range(1, len(doc.segments) + 1))
