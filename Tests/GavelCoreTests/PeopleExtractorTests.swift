import Testing

@testable import GavelCore

/// Who takes part in an item, read from the text printed with it.
@Suite struct PeopleExtractorTests {
    func extract(_ segments: String..., bullets: Bool = false) -> PeopleExtractor.Extraction {
        var extractor = PeopleExtractor()
        return extractor.extract(segments.map { PeopleExtractor.Segment(text: $0, isBullet: bullets) })
    }

    @Test func namesThatRunTogetherAreSplitAtHonorifics() {
        let result = extract(
            "Remarks by: Ms. Louise Arbour, Secretary-General of the conference Mr. William Lacy Swing, "
                + "Director General of IOM Dr. Ana Costa, Professor of Law H.E. Mr. Omar Hilale"
        )

        #expect(
            result.people == [
                Person(name: "Ms. Louise Arbour", role: .speaker, position: "Secretary-General of the conference"),
                Person(name: "Mr. William Lacy Swing", role: .speaker, position: "Director General of IOM"),
                Person(name: "Dr. Ana Costa", role: .speaker, position: "Professor of Law"),
                Person(name: "H.E. Mr. Omar Hilale", role: .speaker),
            ]
        )
        #expect(result.leftovers.isEmpty)
    }

    @Test func positionBeforeTheNameIsThePosition() {
        let result = extract("Opening remarks by the President of the General Assembly, H.E. Mr. Miroslav Lajčák")

        #expect(
            result.people == [
                Person(name: "H.E. Mr. Miroslav Lajčák", role: .speaker, position: "President of the General Assembly")
            ]
        )
    }

    @Test func positionAloneIsTheLatestPersonWithItOrAPlaceholder() {
        var extractor = PeopleExtractor()
        let before = extractor.extract([.init(text: "Closing remarks by the Special Envoy")])
        _ = extractor.extract([.init(text: "Chair: Ms. Ana Costa, Special Envoy")])
        let after = extractor.extract([.init(text: "Closing remarks by the Special Envoy")])

        #expect(before.people == [.placeholder(.speaker, position: "Special Envoy")])
        #expect(after.people == [Person(name: "Ms. Ana Costa", role: .speaker, position: "Special Envoy")])
    }

    @Test func ambassadorBeforeAPlaceIsAPositionNotAName() {
        let result = extract("Speakers: Mr. Juan Perez, Ambassador of Mexico; Ambassador Jurg Lauber")

        #expect(
            result.people == [
                Person(name: "Mr. Juan Perez", role: .speaker, position: "Ambassador of Mexico"),
                Person(name: "Ambassador Jurg Lauber", role: .speaker),
            ]
        )
    }

    @Test func placeholdersAreSlotsNotPeople() {
        let result = extract(
            "Panellists: TBC",
            "Moderator: To be confirmed",
            "Migrant Perspective: TBC",
            "Chair: Mr. TBD"
        )

        #expect(
            result.people == [
                .placeholder(.panellist), .placeholder(.moderator),
                .placeholder(.speaker, position: "Migrant Perspective"),
                .placeholder(.chair),
            ]
        )
    }

    @Test func headingGivesItsRoleToTheListUnderIt() {
        var extractor = PeopleExtractor()
        let result = extractor.extract([
            .init(text: "Discussants:"),
            .init(text: "Ms. Sara Kim, World Bank", isBullet: true),
            .init(text: "John Smith, University of Ghana", isBullet: true),
            .init(text: "The discussion will be webcast."),
            .init(text: "Mr. Tom Berg"),
        ])

        #expect(
            result.people == [
                Person(name: "Ms. Sara Kim", role: .panellist, position: "World Bank"),
                Person(name: "John Smith", role: .panellist, position: "University of Ghana"),
                // A paragraph ends the list; a name with an honorific on its own is a speaker.
                Person(name: "Mr. Tom Berg", role: .speaker),
            ]
        )
        #expect(result.leftovers == ["The discussion will be webcast."])
    }

    @Test func namesWithoutHonorificsAreReadWhenTheyLookLikeNames() {
        let result = extract("Panelists: Jane Doe (IOM) and Ali Khan, Director of Research; Maria de la Cruz")

        #expect(
            result.people == [
                Person(name: "Jane Doe", role: .panellist, position: "IOM"),
                Person(name: "Ali Khan", role: .panellist, position: "Director of Research"),
                Person(name: "Maria de la Cruz", role: .panellist),
            ]
        )
    }

    @Test func laterRolePhrasesSplitASegment() {
        let result = extract("Panellists: TBC Moderator: Ms. Laura Chen")

        #expect(result.people == [.placeholder(.panellist), Person(name: "Ms. Laura Chen", role: .moderator)])
    }

    @Test func trailingLowerCaseClauseIsLeftOver() {
        let result = extract(
            "Remarks by H.E. Mr. Jurg Lauber, Permanent Representative of X – co-facilitators of the talks"
        )

        #expect(
            result.people == [
                Person(name: "H.E. Mr. Jurg Lauber", role: .speaker, position: "Permanent Representative of X")
            ]
        )
        #expect(result.leftovers == ["co-facilitators of the talks"])
    }

    @Test func textWithoutPeopleIsLeftOver() {
        let result = extract("Interactive discussion with Member States", "Panel Discussion: Best practices")

        #expect(result.people.isEmpty)
        #expect(result.leftovers == ["Interactive discussion with Member States", "Panel Discussion: Best practices"])
    }

    @Test(arguments: [
        ("Chair: X", Person.Role.chair), ("Chaired by X", .chair), ("Co-chairs: X", .chair),
        ("Moderator: X", .moderator), ("Moderated by X", .moderator), ("Facilitator – X", .moderator),
        ("Panellists: X", .panellist), ("Panelists: X", .panellist), ("Panel: X", .panellist),
        ("Speakers: X", .speaker), ("Speaker(s): X", .speaker), ("Opening remarks by X", .speaker),
        ("Remarks by: X", .speaker), ("Closing remarks by X", .speaker), ("Keynote by X", .speaker),
        ("Keynote address by X", .speaker), ("Statement by X", .speaker), ("Presenter: X", .speaker),
        ("Video message from X", .speaker), ("CHAIR: X", .chair), ("Modératrice : X", .moderator),
    ])
    func rolePhrasesAreRecognised(text: String, role: Person.Role) {
        #expect(RolePhrase.match(text) == RolePhrase(role: role, rest: "X", isDelimited: true))
    }

    @Test(arguments: [
        "Panel discussion on migration", "Chair of the Committee", "Chairman's summary", "Remarks",
        "Moderated discussion",
    ])
    func wordsThatOnlyLookLikeRolesAreNotPeople(text: String) {
        #expect(RolePhrase.match(text).map { $0.isDelimited && !$0.rest.isEmpty } != true)
    }
}
