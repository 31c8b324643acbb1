import Foundation

/// The agenda shipped with Gavel: the fifth informal interactive multi-stakeholder hearing on
/// migration, UN Headquarters, New York, 21 May 2018.
///
/// The daemon offers it on a fresh machine that has no agenda files, so there is always a
/// meeting to rehearse with. `json` is the canonical text, byte for byte the same as
/// `Examples/hearing-2018-05-21.json`; `ExampleAgendaTests` keeps the two, the canonical
/// encoding and the facts of the printed programme in step.
///
/// The printed programme gives no speaking times, so the floor times are ours:
/// - 5 minutes a speaker (`defaults.speakerTime`), the usual limit for remarks at the UN's
///   informal hearings. It is what the fixed slots hold: four speakers in the 40-minute opening
///   take 20 minutes and leave the chair time to introduce each and pass the floor; three in the
///   20-minute closing take 15, with room for the President's closing words to run a little long.
/// - 7 minutes a panellist in item 2: a panel opens with each panellist's presentation, longer
///   than a statement, before the exchange with the floor, and the 115-minute panel has room.
///   A shorter default would have the wrap-up light flashing at every panellist.
public enum ExampleAgenda {
    /// The name of the example file in `Examples/` and of the copy the daemon writes.
    public static let fileName = "hearing-2018-05-21.json"

    /// The canonical JSON text, ending in a newline.
    public static let json: String = #"""
        {
          "title": "Fifth informal interactive multi-stakeholder hearing",
          "subtitle": "Migration – What’s Really Going On: Lessons from the field",
          "date": "2018-05-21",
          "venue": "Conference Room 4, UN Headquarters, New York",
          "timeZone": "America/New_York",
          "defaults": {
            "speakerTime": "5m"
          },
          "items": [
            {
              "id": "1",
              "title": "Opening of the multi-stakeholder hearing",
              "kind": "session",
              "date": "2018-05-21",
              "start": "10:00",
              "end": "10:40",
              "people": [
                {
                  "name": "H.E. Mr. Miroslav Lajčák",
                  "role": "speaker",
                  "position": "President of the General Assembly"
                },
                {
                  "name": "Ms. Louise Arbour",
                  "role": "speaker",
                  "position": "Secretary-General of the intergovernmental conference on international migration"
                },
                {
                  "name": "Mr. William Lacy Swing",
                  "role": "speaker",
                  "position": "Director General of the International Organisation for Migration"
                },
                {
                  "placeholder": true,
                  "role": "speaker",
                  "position": "Migrant Perspective"
                }
              ]
            },
            {
              "id": "break-1",
              "title": "Break",
              "kind": "break",
              "date": "2018-05-21",
              "start": "10:40",
              "end": "10:45",
              "people": []
            },
            {
              "id": "2",
              "title": "Panel Discussion: Best practices to support safe, orderly and regular migration",
              "kind": "session",
              "date": "2018-05-21",
              "start": "10:45",
              "end": "12:40",
              "people": [
                {
                  "placeholder": true,
                  "role": "panellist"
                },
                {
                  "placeholder": true,
                  "role": "moderator"
                }
              ],
              "speakerTime": "7m"
            },
            {
              "id": "3",
              "title": "Closing of the multi-stakeholder hearing",
              "kind": "session",
              "date": "2018-05-21",
              "start": "12:40",
              "end": "13:00",
              "people": [
                {
                  "name": "H.E. Mr. Juan Jose Gomez Camacho",
                  "role": "speaker",
                  "position": "Permanent Representative of Mexico to the United Nations"
                },
                {
                  "name": "H.E. Mr. Jurg Lauber",
                  "role": "speaker",
                  "position": "Permanent Representative of Switzerland to the United Nations"
                },
                {
                  "name": "H.E. Mr. Miroslav Lajčák",
                  "role": "speaker",
                  "position": "President of the General Assembly"
                }
              ]
            }
          ]
        }

        """#

    /// The example as a value, decoded from `json`.
    public static var agenda: Agenda {
        do {
            return try JSONDecoder().decode(Agenda.self, from: Data(json.utf8))
        } catch {
            // `json` is a constant that ExampleAgendaTests imports on every run.
            preconditionFailure("the embedded example agenda does not decode: \(error)")
        }
    }
}
