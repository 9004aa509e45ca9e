"""Speakers named from the text alone: what a careful reader names, with or without a people table.

Every text here is made up for the test, about people who are in no table.
"""

import pandas as pd
import pytest

from helpers.quotes import NO_PEOPLE, evaluate, extract_quotes, score


def speakers(text: str, people=NO_PEOPLE) -> list[str]:
    return extract_quotes(text, people=people)["speaker"].tolist()


@pytest.mark.parametrize("people", [NO_PEOPLE, None], ids=["empty table", "data/people.csv"])
def test_a_surname_comes_out_as_the_fullest_name_the_text_gives(people):
    text = (
        "Heather C. Briccetti, president and CEO of the Business Council, spoke first.\n\n"
        "“The budget is a start,” Briccetti said."
    )
    assert speakers(text, people) == ["Heather C. Briccetti"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dr. Amara Okafor ran the trial. “It worked,” Okafor said.", "Amara Okafor"),
        ("Gen. Tomas Lindqvist arrived. “We are ready,” Lindqvist said.", "Tomas Lindqvist"),
        ("Justice Ruth Abernathy wrote the opinion. “It is settled,” Abernathy wrote.", "Ruth Abernathy"),
        ("Ursula von der Leyen spoke. “We act,” von der Leyen said.", "Ursula von der Leyen"),
        ("Anne-Marie Duval-Roche won. “Finally,” Duval-Roche said.", "Anne-Marie Duval-Roche"),
        ("Zoë Ångström spoke. “Good,” Ångström said.", "Zoë Ångström"),
    ],
)
def test_titles_are_dropped_and_particles_hyphens_and_accents_kept(text, expected):
    assert speakers(text) == [expected]


def test_a_pronoun_resolves_to_a_person_no_table_lists():
    text = "Mirela Kovač chairs the board.\n\n“We will vote on Monday,” she told reporters."
    assert speakers(text) == ["Mirela Kovač"]


@pytest.mark.parametrize(
    "intro, role_noun",
    [
        ("Judge Helen Marsh presided.", "the judge"),
        ("Coach Dario Pellegrini watched from the bench.", "the coach"),
        ("Dutch rider Joost van Dijkhuizen crashed twice.", "the Dutchman"),
        ("Norway's fisheries minister, Jens Olsen, arrived late.", "the minister"),
    ],
)
def test_a_role_noun_resolves_to_the_person_the_text_gave_that_role(intro, role_noun):
    text = f"{intro} Nobody else spoke.\n\n“That is enough,” {role_noun} said."
    name = {
        "the judge": "Helen Marsh",
        "the coach": "Dario Pellegrini",
        "the Dutchman": "Joost van Dijkhuizen",
        "the minister": "Jens Olsen",
    }[role_noun]
    assert speakers(text) == [name]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“Prices will fall,” says Priya Raman, an economist at the bank.", ["Priya Raman"]),
        ("“We never gave up,” insists Carla Montez.", ["Carla Montez"]),
        ("“Not yet,” reply Burton and Nick Hale.", ["Burton; Nick Hale"]),
        ("Kofi Mensah, a doctor, said: “The ward is full.”", ["Kofi Mensah"]),
        ("Norway's fisheries minister, Jens Olsen, said: “Quotas stay.”", ["Jens Olsen"]),
        ("“It is a good day,” said Lena Frost, president and CEO of Frost Foods.", ["Lena Frost"]),
    ],
)
def test_present_tense_inverted_cues_two_speakers_and_appositions(text, expected):
    assert speakers(text) == expected


def test_the_outlet_a_report_comes_from_is_not_the_speaker():
    text = "Maren Holt met the envoy. Holt said they “agreed on nothing,” according to The Daily Ledger."
    assert speakers(text) == ["Maren Holt"]


def test_a_speaker_introduced_in_the_paragraph_before_with_a_colon():
    text = "Housing Secretary Aileen Carr said:\n\n“I am pleased that the homes will be built.”"
    assert speakers(text) == ["Aileen Carr"]


def test_a_statement_from_a_named_person_gives_the_speaker_of_the_next_paragraph():
    text = "Statement from Secretary of Education Arne Dahl on the storm\n\n“Our thoughts are with them.”"
    assert speakers(text) == ["Arne Dahl"]


def test_a_dash_attribution_without_a_verb():
    text = "“We were the better side” – Hull boss Grant Tilley after the draw."
    assert speakers(text) == ["Grant Tilley"]


def test_a_subject_before_an_aside_is_the_speaker_not_a_place_in_the_aside():
    text = "Rosa Calder, winding up a Middle East tour, said she would return “as soon as we can.”"
    assert speakers(text) == ["Rosa Calder"]


def test_a_place_before_a_name_is_not_part_of_it():
    text = "Jobs grew in Ostland. The minister of Ostland Erlan Vask said: “Growth is strong.”"
    assert speakers(text) == ["Erlan Vask"]


def test_a_person_named_paragraphs_before_is_remembered_for_a_pronoun():
    text = (
        "Ilse Brandt runs the port.\n\n"
        "Cargo volumes rose by a fifth last year.\n\n"
        "Ships now wait two days.\n\n"
        "“We need a second crane,” she said."
    )
    assert speakers(text) == ["Ilse Brandt"]


def test_the_table_still_canonicalises_known_people():
    people = pd.DataFrame(
        {
            "name": ["Lena Varga"],
            "kind": ["person"],
            "country": [""],
            "role": ["trade minister"],
            "variants": ["Lena Varga|Varga|L. Varga"],
        }
    )
    text = "L. Varga met Tom Reyes.\n\n“We agree,” Varga said. “We do,” Reyes said."
    assert speakers(text, people) == ["Lena Varga", "Tom Reyes"]


def test_capitalised_places_and_bodies_are_not_taken_for_people():
    text = "New York Governor Kathy Hollis met the Supreme Court. “We will appeal,” she said."
    assert speakers(text) == ["Kathy Hollis"]


# --- scoring without a table ---------------------------------------------------------


def test_score_compares_full_names_ignoring_case_and_spaces_and_speaker_sets_in_any_order():
    gold = pd.DataFrame(
        {"article_id": ["a", "a"], "start": [0, 20], "end": [10, 30], "speaker": ["Ana  Petrescu", "X; Y"]}
    )
    predicted = gold.assign(speaker=["ana petrescu", "Y;X"])
    assert score(predicted, gold, people=NO_PEOPLE).speaker_accuracy == 1.0
    surname_only = gold.assign(speaker=["Petrescu", "X"])
    assert score(surname_only, gold, people=NO_PEOPLE).speaker_accuracy == 0.0


def test_evaluate_scores_a_folder_of_texts_against_a_gold_file(tmp_path):
    (tmp_path / "t1.txt").write_text("Mina Saar spoke. “It went well,” she said.\n", encoding="utf-8")
    (tmp_path / "gold_quotes.csv").write_text(
        "article_id,start,end,quote,speaker,speaker_as_written,cue,kind\n"
        't1,18,31,"It went well,",Mina Saar,she,said,speech\n',
        encoding="utf-8",
    )
    result = evaluate(tmp_path, tmp_path / "gold_quotes.csv", people=NO_PEOPLE)
    assert (result.strict_f1, result.speaker_accuracy) == (1.0, 1.0)


def test_a_statement_quoted_whole_over_paragraphs_without_opening_marks_is_one_row_per_paragraph():
    text = (
        "Mara Quist, for the agency, made the following statement:\n\n"
        "“The camps are full.\n\n"
        "More families arrive every day.\n\n"
        "We need help now.”\n\n"
        "The agency did not say more."
    )
    table = extract_quotes(text, people=NO_PEOPLE)
    assert table["quote"].tolist() == [
        "The camps are full.",
        "More families arrive every day.",
        "We need help now.",
    ]
    assert set(table["speaker"]) == {"Mara Quist"}


def test_a_quote_left_open_without_any_closing_mark_still_ends_with_its_paragraph():
    text = "“The camps are full.\n\nMore families arrive every day.\n\nThe agency did not say more."
    assert extract_quotes(text, people=NO_PEOPLE)["quote"].tolist() == ["The camps are full."]


def test_the_baseline_runs_through_quotes_for_and_evaluate_even_when_a_table_is_given():
    from helpers.quotes import naive_quotes, quotes_for

    articles = pd.DataFrame({"id": ["a"], "text": ["“Hi,” Mina Saar said."]})
    assert quotes_for(articles, extract=naive_quotes, people=NO_PEOPLE)["quote"].tolist() == ["Hi,"]
    gold = pd.DataFrame({"article_id": ["a"], "start": [1], "end": [4], "speaker": ["Mina Saar"]})
    result = evaluate({"a": "“Hi,” Mina Saar said."}, gold, people=NO_PEOPLE, extract=naive_quotes)
    assert (result.strict_f1, result.speaker_accuracy) == (1.0, 0.0)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The scheme is “pioneering,” the Ostland Trade Office said.", ["Ostland Trade Office"]),
        ("“Thank you for reading to us,” said an excited sixth-grader, Ashli.", ["Ashli"]),
        ("Manager Steve Brace just confessed that his team was “second best.”", ["Steve Brace"]),
    ],
)
def test_bodies_without_the_article_a_name_in_apposition_after_the_verb_and_other_reporting_verbs(
    text, expected
):
    assert speakers(text) == expected


@pytest.mark.parametrize(
    "intro, role_noun, name",
    [
        ("Pia Lund, a midwife in Bergen, has worked nights for years.", "the midwife", "Pia Lund"),
        ("Rolf Hagen, the team's physio, stayed on the pitch.", "the physio", "Rolf Hagen"),
        ("Ines Sorli, a librarian at the town hall, opened the doors.", "the librarian", "Ines Sorli"),
    ],
)
def test_the_head_noun_of_any_apposition_names_its_person_later(intro, role_noun, name):
    # the role's head noun is the last word before "of", "at", "in", a comma or the end,
    # whatever the noun is: no list of professions is needed
    text = f"{intro} Nobody else spoke.\n\n“We carry on,” {role_noun} said."
    assert speakers(text) == [name]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“We lost,” Okonkwo said. He added: “Next time we win.”", ["Okonkwo", "Okonkwo"]),
        ("Varga said: “The bridge is closed.” Later she said: “It reopens in May.”", ["Varga", "Varga"]),
    ],
)
def test_a_person_named_by_one_word_is_who_a_later_pronoun_means(text, expected):
    assert speakers(text) == expected


@pytest.mark.parametrize(
    "country, adjective",
    [("Iceland", "Icelandic"), ("Norway", "Norwegian"), ("Kenya", "Kenyan"), ("Sweden", "Swedish")],
)
def test_a_nationality_adjective_fits_a_role_given_with_the_country(country, adjective):
    # any country, not a list of the countries of the book's articles
    text = (
        f"{country}'s health minister, Dana Holm, toured a farm with Eli Roos, a vet.\n\n"
        f"“We are ready,” the {adjective} minister said."
    )
    assert speakers(text) == ["Dana Holm"]


@pytest.mark.parametrize(
    "intro, noun, name",
    [
        ("Kenyan runner Grace Achieng won the race in Oslo.", "the Kenyan", "Grace Achieng"),
        ("Norway's Lars Dahl finished second.", "the Norwegian", "Lars Dahl"),
        ("Spanish striker Pablo Ortiz scored twice.", "the Spaniard", "Pablo Ortiz"),
    ],
)
def test_a_nationality_used_as_a_noun_names_the_person_of_that_nation(intro, noun, name):
    text = f"{intro} The crowd cheered.\n\n“It was a hard day,” {noun} said."
    assert speakers(text) == [name]


def test_a_nationality_before_a_noun_is_not_a_person():
    text = "Kenyan runner Grace Achieng won.\n\n“We will protest,” the Kenyan federation said."
    assert speakers(text) != ["Grace Achieng"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“We are not finished,” said Dr. Adeyemi.", ["Adeyemi"]),
        ("“We are not finished,” said Gen. Adeyemi.", ["Adeyemi"]),
        ("“The roof leaks,” Cllr Brannigan told the meeting.", ["Brannigan"]),
        ("Nadia Brannigan chairs the board. “The roof leaks,” Dr Brannigan said.", ["Nadia Brannigan"]),
    ],
)
def test_a_title_before_a_name_the_text_gives_once_is_not_part_of_the_speaker(text, expected):
    assert speakers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "“We expect rain by noon,” said meteorologist Hugo Brandt.",
        "“We expect rain by noon,” said senior forecaster Hugo Brandt of the weather office.",
        "“We expect rain by noon,” local farmer Hugo Brandt said.",
    ],
)
def test_a_lower_case_role_before_a_name_does_not_hide_the_speaker(text):
    assert speakers(text) == ["Hugo Brandt"]


def test_a_table_never_loses_a_role_noun_the_text_alone_resolves():
    """Giving people= must not cost a speaker: 'the mayor' still finds the mayor the table knows."""
    text = (
        "Brinley's mayor, Idris P. Vance-Moreno, said the work could not wait.\n\n"
        "The repairs were ‘overdue,’ according to the mayor."
    )
    table = pd.DataFrame(
        [dict(name="Idris Vance-Moreno", kind="person", country="", role="mayor of Brinley",
              variants="Idris P. Vance-Moreno|Vance-Moreno")]
    )
    assert extract_quotes(text, people=NO_PEOPLE)["speaker"].tolist() == ["Idris P. Vance-Moreno"]
    assert extract_quotes(text, people=table)["speaker"].tolist() == ["Idris Vance-Moreno"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a title word at the end of a run is a surname, not a title
        ("Martin Luther King Jr. spoke in 1963. “I have a dream,” King said.", "Martin Luther King Jr."),
        ("Kim Jong Un inspected the site. “We will respond,” Kim said.", "Kim Jong Un"),
        ("Rodney King spoke to reporters. “Can we all get along?” King asked.", "Rodney King"),
        # lower-case particles that are also number words
        ("Erik ten Hag was sacked. “It hurts,” Ten Hag said.", "Erik ten Hag"),
        # the last words of a longer name stand for it
        ("Aoife Ní Mhaoldhomhnaigh won the race. “It was hard,” Ní Mhaoldhomhnaigh said.",
         "Aoife Ní Mhaoldhomhnaigh"),
        # first names that are also words for places, laws and months
        ("Bill Gates spoke at the summit. “We can end malaria,” Gates said.", "Bill Gates"),
        ("Theresa May resigned. “I have done my best,” May said.", "Theresa May"),
        ("“We were robbed,” Grace Park said.", "Grace Park"),
    ],
)
def test_names_that_look_like_titles_places_or_numbers_are_still_names(text, expected):
    assert speakers(text) == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Halvorsen said the idea was “silly”.", ["Halvorsen"]),
        ("“We are pleased,” Ms. Tan said. She added that the firm would “grow”.", ["Tan", "Tan"]),
        ("“It is over,” Okonkwo, 29, said after the race.", ["Okonkwo"]),
        ("Senator Brannock spoke first. Brannock, 71, added: “Not today.”", ["Brannock"]),
        # "Mrs." and another title on one surname: two people, and hers keeps the title
        ("Technical Sergeant James served. “It was wonderful,” said Mrs. James.", ["Mrs. James"]),
    ],
)
def test_a_person_named_by_one_word_after_a_title_or_before_an_age(text, expected):
    assert speakers(text) == expected


def test_a_body_whose_first_word_is_a_title_word_keeps_its_name():
    assert speakers("Police Scotland said the road was “closed”.") == ["Police Scotland"]


def test_a_nationality_used_as_an_epithet_is_the_person_in_focus():
    text = (
        "Liverpool boss Jurgen Klopp said: “It was a great night.”\n\n"
        "The German added: “The fans were amazing.”"
    )
    assert speakers(text) == ["Jurgen Klopp", "Jurgen Klopp"]


@pytest.mark.parametrize("verb", ["revealed", "commented", "maintained", "retorted", "insisted", "explained"])
def test_common_reporting_verbs_name_their_subject(verb):
    text = f"Dr Adrian Oyelaran leads the study. “It is worse than last winter,” he {verb}."
    assert speakers(text) == ["Adrian Oyelaran"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Royal College of Nursing said the pay offer was “insulting”.", ["Royal College of Nursing"]),
        ("The Ministry of Defence said the claims were “false”.", ["Ministry of Defence"]),
        ("The Food and Drug Administration said the drug was “safe”.", ["Food and Drug Administration"]),
        ("Cheshire Constabulary has said its “Week of Action” worked.", ["Cheshire Constabulary"]),
        ("The World Health Organization has warned the outbreak is “not over”.", ["World Health Organization"]),
        (
            "Amnesty International said the ruling was “a travesty”. The group added it would “appeal”.",
            ["Amnesty International", "Amnesty International"],
        ),
        ("Shell said profits were “robust”. The company added it would “keep investing”.", ["Shell", "Shell"]),
    ],
)
def test_bodies_not_in_any_table_speak_under_their_full_name(text, expected):
    assert speakers(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A resident of Balochistan province called VOA their “only source” of news.",
         "a resident of Balochistan province"),
        ("A spokesman for the ministry said the talks were “useful”.", "a spokesman for the ministry"),
    ],
)
def test_an_unnamed_source_keeps_its_of_or_for_phrase(text, expected):
    assert speakers(text) == [expected]


def test_two_apostrophes_used_as_a_double_mark_give_spans_and_speakers():
    text = (
        "Phil Young coaches the team.\n\n"
        "''We are staying here,'' assistant coach Phil Young said.\n\n"
        "''Bodies have been battered.\n\n"
        "''We can't train hard,'' Young said."
    )
    found = extract_quotes(text, people=NO_PEOPLE)
    assert found["quote"].tolist() == ["We are staying here,", "Bodies have been battered.", "We can't train hard,"]
    assert found["speaker"].tolist() == ["Phil Young"] * 3
    assert all(text[s:e] == q for s, e, q in zip(found["start"], found["end"], found["quote"], strict=True))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The chairman of the parish council June Irani said: “It was a constructive meeting.”", "June Irani"),
        ("In June Smith said it was “fine”.", "Smith"),
        ("Irene Nattel of RBC Capital Markets said the results were \"solid.\"", "Irene Nattel"),
    ],
)
def test_a_month_as_a_first_name_and_an_acronym_in_a_body_after_of(text, expected):
    assert speakers(text) == [expected]


def test_a_quotation_signed_on_the_next_line_with_a_dash():
    text = (
        "Some quotes of the week.\n\n"
        "“This is our chance to build a better country.”\n\n"
        "— Prime Minister Adaeze Nwosu\n\n"
        "“Absolutely.”\n\n"
        "— Nwosu on whether she will run again\n\n"
        "“It is wrong.”\n\n"
        "— Opposition Leader Tomás Ferreira, on the vote"
    )
    assert speakers(text) == ["Adaeze Nwosu", "Adaeze Nwosu", "Tomás Ferreira"]


def test_a_heading_in_capitals_names_who_speaks_in_the_paragraphs_below_it():
    text = (
        "The coaches spoke after the match.\n\n"
        "MARK ANSCOMBE – HEAD COACH, CANADA\n\n"
        "“We finished strongly.”\n\n"
        "“I thought some guys did really well.”\n\n"
        "JAMIE CUDMORE – CAPTAIN, CANADA\n\n"
        "“We’re extremely frustrated.”"
    )
    assert speakers(text) == ["Mark Anscombe", "Mark Anscombe", "Jamie Cudmore"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Coun Richard Lewis chairs the board. “It is sorted,” said Coun Richard Lewis.", ["Richard Lewis"]),
        ("K.J. Watts leads the crew. “The foundation was slipping,” Watts said.", ["K.J. Watts"]),
        ("Paris-based Reporters Without Borders (RSF) said the officials came as \"observing guests.\"",
         ["Reporters Without Borders"]),
        ("The World Health Organization (WHO) has warned the outbreak is “not over”.",
         ["World Health Organization"]),
        ("Jos Buttler is the captain. The 33-year-old, however, conceded his form was “dreadful”.",
         ["Jos Buttler"]),
    ],
)
def test_abbreviated_titles_initials_bracketed_acronyms_and_age_epithets(text, expected):
    assert speakers(text) == expected


def test_a_quote_opening_its_paragraph_belongs_to_whom_the_paragraph_before_ends_on():
    text = (
        "Otago beat Auckland on Friday. Coach Phil Mooney was pleased.\n\n"
        "Otago trailed early. But Mooney was never worried.\n\n"
        "\"We spoke at halftime. We put them under pressure.\""
    )
    assert speakers(text) == ["Phil Mooney"]


def test_it_as_the_subject_of_a_reporting_verb_is_the_body_last_named():
    text = (
        "Reporters Without Borders said the visit was “intimidation.”\n\n"
        "It described the officials' presence as an “unpleasant surprise.”"
    )
    assert speakers(text) == ["Reporters Without Borders", "Reporters Without Borders"]


def test_an_agent_noun_as_the_subject_of_a_cue_is_the_person_in_focus():
    text = (
        "Sri Lanka’s Maheesh Theekshana stated that England had underestimated them. "
        "“They underestimated us,” the tweaker said."
    )
    assert speakers(text) == ["Maheesh Theekshana"]


def test_the_report_said_is_not_taken_for_a_person():
    text = "Amara Diallo presented the figures. The report said the trend was “alarming”."
    assert speakers(text) != ["Amara Diallo"]


def test_a_pulled_out_quote_signed_with_a_name_alone_is_speech_by_that_person():
    text = (
        "Ruth May, executive director of nursing, said staff needed “more help”.\n\n"
        "“We all know the service is under intense pressure”\n\n"
        "Ruth May\n\n"
        "Trust directors also spoke."
    )
    found = extract_quotes(text, people=NO_PEOPLE)
    assert found["speaker"].tolist() == ["Ruth May", "Ruth May"]
    assert found["kind"].tolist() == ["speech", "speech"]


def test_a_body_named_by_its_country_and_then_by_its_noun():
    text = (
        "Kenya's health ministry said it was “monitoring the situation”. "
        "The ministry added that schools would “stay open”."
    )
    assert speakers(text) == ["Kenya's health ministry", "Kenya's health ministry"]


def test_a_role_with_capitalised_words_before_a_name_after_the_verb():
    assert speakers("“We need a fix,” said RSF East Asia director Cédric Alviani.") == ["Cédric Alviani"]
    assert speakers("“Good,” said Apple chief executive Tim Cook.") == ["Tim Cook"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Officials said the plan was “dead on arrival”.", "officials"),
        ("“The market is nervous,” analysts said.", "analysts"),
        ("Critics say the bill is “a power grab”.", "critics"),
        ("US officials said the talks were “productive”.", "US officials"),
        ("Russian officials have said the claims are “absurd”.", "Russian officials"),
    ],
)
def test_plural_unnamed_sources_without_an_article(text, expected):
    assert speakers(text) == [expected]


def test_a_verdict_in_the_subjects_words_after_as():
    text = "The opposition leader, Maria Santos, slammed the cuts as “reckless”."
    assert speakers(text) == ["Maria Santos"]
    assert speakers("The new scheme, known as “Project Phoenix”, starts in May.") == [""]


def test_an_inverted_attribution_at_the_end_of_the_sentence_covers_a_quote_inside_it():
    text = (
        "The officer's gun was fired \"more than once\" and his killer may be injured, "
        "said Baltimore Police Commissioner Kevin Davis in a press conference."
    )
    assert speakers(text) == ["Kevin Davis"]


def test_mp_is_a_title_and_some_is_not_a_name():
    text = "MP Christina Rees spoke out. “The news has left a gut wrenching feeling,” Rees said."
    assert speakers(text) == ["Christina Rees"]
    assert speakers("They marched to City Hall. Some said: “Move the shelter.”") != ["Some"]


def test_a_pronoun_subject_of_the_sentence_before_speaks_a_quote_with_no_attribution():
    text = (
        "Mahela Jayawardene, the Sri Lanka captain, was gracious.\n\n"
        "He admitted England were the better side. “Credit should go to England.”"
    )
    assert speakers(text) == ["Mahela Jayawardene"]


def test_two_people_as_one_subject_and_they_after_them():
    text = (
        "Lady Justice Whipple and Mr Justice Goose expressed ‘concerns’ about the trial.\n\n"
        "They said the judge had been ‘unwise’ to interrupt counsel."
    )
    assert speakers(text) == ["Whipple; Goose", "Whipple; Goose"]


def test_they_with_no_pair_named_before_is_no_speaker():
    assert speakers("They said the plan was “dead”.") == [""]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("\"Please protect the democracy of this chamber,\" one delegate said.", ["one delegate"]),
        ("But some vice-chancellors said the body had failed to \"adequately represent\" them.",
         ["some vice-chancellors"]),
        ("The dives “are perhaps more indicative,” as the authors wrote in the study.", ["the authors"]),
        ("Mevlut Cavusoglu said when announcing the talks earlier this week he hoped it would mark “a turning "
         "point.”", ["Mevlut Cavusoglu"]),
    ],
)
def test_any_noun_phrase_right_before_a_reporting_verb_is_its_subject(text, expected):
    assert speakers(text) == expected


def test_he_after_an_unnamed_spokesman_is_the_spokesman():
    text = (
        "MP Christina Rees spoke out against the closure.\n\n"
        "A spokesman from Rees’s office said the factory employs 245 people. He confirmed a consultation.\n\n"
        "“There’s a great reputation that comes with the site,” he said."
    )
    assert speakers(text) == ["a spokesman from Rees’s office"]


def test_an_inverted_attribution_covers_two_quotes_before_it_and_a_body_after_which():
    text = "Police are “a moment away” from “breaking this case wide open,” said Commissioner Kevin Davis."
    assert speakers(text) == ["Kevin Davis", "Kevin Davis"]
    text = "Beside them was the University and College Union, which said a rise would be “incredibly unpopular”."
    assert speakers(text) == ["University and College Union"]


def test_words_quoted_inside_what_a_subject_did_are_the_subjects():
    assert speakers("Eoin Morgan was happy with the “character” shown by his team.") == ["Eoin Morgan"]
    text = "T.J. Smith thanked the community for their love and “respect,” he said later."
    assert speakers(text)[0] == "T.J. Smith"


def test_a_name_or_title_in_marks_inside_such_a_sentence_stays_without_speaker():
    text = "The Kazakh newspaper “Ana Tili” published an interview with the president."
    assert speakers(text) == [""]
    assert speakers("Cheshire Constabulary has run its “Week of Action” again.") == [""]


def test_a_clause_quoted_later_in_a_quoted_speakers_paragraph_is_theirs_but_a_term_is_not():
    text = (
        "“The union is a bridge between Europe and Asia”, - Idrissov continued. The agreement on "
        "“establishment of a common market will provide free movement of goods” was signed. "
        "The suffix “stan” stays."
    )
    assert speakers(text)[:2] == ["Idrissov", "Idrissov"]
    assert speakers(text)[2] == ""


def test_a_named_subject_before_a_comma_and_says_stays_the_subject():
    text = (
        "Minister of National Security, Hon. Robert Montague, says the Ministry stands ready to support "
        "the new Commissioner of Police, Major General Antony Anderson.\n\n"
        "“All of Jamaica expects the Commissioner to succeed,” he said."
    )
    assert speakers(text) == ["Robert Montague"]


def test_she_is_not_a_man_the_text_calls_he():
    text = (
        "Karen Bradley spoke at an event. She was asked about the union.\n\n"
        "The event was chaired by David Lidington, who said his aim was “unity”.\n\n"
        "“We are not united without Northern Ireland,” she said."
    )
    assert speakers(text) == ["David Lidington", "Karen Bradley"]


def test_another_opens_an_unnamed_source():
    assert speakers("\"Sadly, the act still exists,\" another delegate said.") == ["another delegate"]


def test_a_participle_phrase_does_not_hold_the_subject_and_a_title_and_later_role_both_count():
    text = (
        "Magistrate Antonio Micallef Trigona heard the case. Dr Micallef Trigona listened to lawyer "
        "Giannella de Marco.\n\n"
        "Stopping Dr de Marco, the magistrate said she was speaking for the media. "
        "Looking at the reporters he said: “Don’t look so surprised.”"
    )
    assert speakers(text) == ["Antonio Micallef Trigona"]


def test_the_paper_is_not_a_person():
    text = "Reporters from The Malta Independent listened. “Don’t look so surprised,” he said."
    assert speakers(text) != ["Malta Independent"]


def test_a_noun_before_a_weak_cue_is_not_taken_for_a_speaker():
    text = (
        "Karen Bradley said the requirement could go should the parties continue to be unable to form "
        "an Executive, as “that was not what the people wanted”."
    )
    assert speakers(text) == ["Karen Bradley"]


def test_a_name_in_apposition_to_a_role_introduces_the_next_quote():
    text = (
        "The district education officer of East Champaran district, Sanjay Kumar, had said the matter "
        "was being looked into. “We are looking into how the examination started late.”"
    )
    assert speakers(text) == ["Sanjay Kumar"]


def test_a_subject_after_a_comma_at_the_end_covers_an_earlier_quote():
    text = "\"We're looking at close to 100 homes\" that sustained damage, Lt. Chuck Allen told msnbc.com."
    assert speakers(text) == ["Chuck Allen"]


def test_titles_before_the_subject_and_a_conjunction_opening_the_sentence():
    text = (
        "Manitoba Premier Heather Stefanson threw her support behind “front-line officers,” "
        "after a streak of crime."
    )
    assert speakers(text) == ["Heather Stefanson"]
    text = "Whether Ryan knew is unclear. George Ryan said he was “never told”."
    assert speakers(text) == ["George Ryan"]


def test_a_title_word_that_is_a_first_name_before_a_surname():
    text = (
        "The strain caused a rift between Dean Skelos and his son Adam Skelos.\n\n"
        "\"My son Adam, I love him more today than yesterday,\" a choked-up Dean Skelos said."
    )
    assert speakers(text) == ["Dean Skelos"]


def test_a_list_of_names_with_and_speaks_together():
    text = (
        "Westlife band members Kian Egan, Mark Feehily, Nicky Byrne and Shane Filan said Gately was "
        "\"a passionate performer\"."
    )
    assert speakers(text) == ["Kian Egan; Mark Feehily; Nicky Byrne; Shane Filan"]


def test_passives_and_titles_with_small_words_are_not_the_subjects_words():
    assert speakers("ALEX Salmond has been accused of “astonishing complacency” over the NHS.") == [""]
    text = "Xiaolu Guo was shortlisted for her comedy “A Concise Chinese-English Dictionary for Lovers”."
    assert speakers(text) == [""]


def test_a_body_whose_name_has_and_in_it_is_one_speaker():
    text = (
        "The Australian Institute of Aboriginal and Torres Strait Islander Studies said the arrival marked "
        "the start of “cultural heritage being removed”."
    )
    assert speakers(text) == ["Australian Institute of Aboriginal and Torres Strait Islander Studies"]


def test_a_name_before_which_is_the_subject_of_the_relative_clause():
    text = "That is likely to be unacceptable to Russia, which is demanding Ukraine accepts “neutrality.”"
    assert speakers(text) == ["Russia"]


def test_a_passive_cue_gives_its_agent_after_by_or_no_speaker():
    assert speakers("ALEX Salmond has been accused of “astonishing complacency” over the NHS.") == [""]
    text = "Anne Enright's work was described by the judging panel as \"formidable\"."
    assert speakers(text) == ["the judging panel"]


def test_a_body_with_a_which_clause_before_said():
    text = (
        "The Australian Institute of Aboriginal and Torres Strait Islander Studies, which manages the "
        "project, said the arrival marked the start of “cultural heritage being removed”."
    )
    assert speakers(text) == ["Australian Institute of Aboriginal and Torres Strait Islander Studies"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Quoting Les Miles: \"Well, it's football.\"", ["Les Miles"]),
        ("“We were poor,” Sterling said.", ["Sterling"]),
        ("Russia’s Ambassador to the US Anatoly Antonov met officials. “Relations must improve,” the Russian "
         "diplomat said.", ["Anatoly Antonov"]),
        ("“We will win,” Datuk Seri Najib Tun Razak said.", ["Najib Tun Razak"]),
    ],
)
def test_participles_honorifics_and_ambassadors_to_a_country(text, expected):
    assert speakers(text) == expected


def test_a_press_conference_roundup_with_topic_lines():
    text = (
        "Manager Buck Showalter spoke to reporters after the win.\n\n"
        "Maybe Showalter is right about the roles.\n\n"
        "Here are some of the highlights from Showalter’s press conference:\n\n"
        "On the mood in the dugout:\n\n"
        "“Emotion, certainly.”\n\n"
        "On Jason Hammel:\n\n"
        "“He was good tonight.”"
    )
    assert speakers(text) == ["Buck Showalter", "Buck Showalter"]


def test_a_body_no_table_knows_responding_by_saying():
    text = "United Airlines has responded by saying: “United apologises for the inconvenience.”"
    assert speakers(text) == ["United Airlines"]


def test_an_age_before_a_name_after_the_verb_and_a_house_before_a_name():
    assert speakers("\"We got into a truck and fled,\" said 40-year-old Gandhimathi of Nagappattinam.") == [
        "Gandhimathi"
    ]
    text = "Shadow Leader of the House Valerie Vaz said ministers looked “ridiculous”. Ms Vaz called it “bad”."
    assert speakers(text) == ["Valerie Vaz", "Valerie Vaz"]
