using Kaifang.Agencies;
using Kaifang.Evaluation;

namespace Kaifang.Seeding;

/// The default seed: the Ministry of Labor's agency tree (ACTION-PLAN S1) and the action plan's
/// targets for 2015–2017 (S13, S14). Data, not code paths: any ministry can replace it.
public static class MinistryOfLaborSeed
{
    public static IReadOnlyList<Agency> Agencies()
    {
        var mol = new Agency
        {
            Code = "MOL", Name = "勞動部", ShortName = "勞動部", NameEn = "Ministry of Labor",
            OrganisationCode = "A17000000J", Oid = "2.16.886.101.20003.20063", Website = "https://www.mol.gov.tw/",
            Description = "勞動部主管全國勞動行政業務，包括勞動關係、勞動條件、勞工保險、就業服務與職業安全衛生。",
            DescriptionEn = "The Ministry of Labor oversees labour relations, working conditions, labour insurance, employment services and occupational safety nationwide.",
        };
        Agency Child(string code, string name, string shortName, string nameEn, string organisationCode, string oid, string website, string description, string descriptionEn) => new()
        {
            Code = code, Name = name, ShortName = shortName, NameEn = nameEn, OrganisationCode = organisationCode, Oid = oid,
            Website = website, Description = description, DescriptionEn = descriptionEn, Parent = mol,
        };
        // Organisation codes as the agencies' datasets carry them on data.gov.tw and the ministry's own
        // platform (A17020000J-000001 is the WDA's evaluation of employment agencies, A17030000J-000049
        // the BLF's exchange rates, A17040000J-000011 the OSHA's type-approved equipment). OIDs are the
        // ministry's arc (2.16.886.101.20003.20063) plus the agency's number; the WDA's,
        // 2.16.886.101.20003.20063.20002, is the one its datasets' publisherOID shows.
        return
        [
            mol,
            Child("BLI", "勞動部勞工保險局", "勞保局", "Bureau of Labor Insurance", "A17010000J", "2.16.886.101.20003.20063.20001", "https://www.bli.gov.tw/",
                "辦理勞工保險、就業保險、勞工退休金及職業災害保險等業務。",
                "Runs labour insurance, employment insurance, labour pensions and occupational accident insurance."),
            Child("WDA", "勞動部勞動力發展署", "勞發署", "Workforce Development Agency", "A17020000J", "2.16.886.101.20003.20063.20002", "https://www.wda.gov.tw/",
                "辦理職業訓練、就業服務、技能檢定及跨國勞動力管理。",
                "Runs vocational training, employment services, skills certification and cross-border workforce management."),
            Child("BLF", "勞動部勞動基金運用局", "基金局", "Bureau of Labor Funds", "A17030000J", "2.16.886.101.20003.20063.20003", "https://www.blf.gov.tw/",
                "負責勞動基金之投資運用與管理。",
                "Invests and manages the labour funds."),
            Child("OSHA", "勞動部職業安全衛生署", "職安署", "Occupational Safety and Health Administration", "A17040000J", "2.16.886.101.20003.20063.20004", "https://www.osha.gov.tw/",
                "推動職業安全衛生、勞動檢查及職業災害預防。",
                "Promotes occupational safety and health, labour inspection and accident prevention."),
            Child("ILOSH", "勞動部勞動及職業安全衛生研究所", "勞研所", "Institute of Labor, Occupational Safety and Health", "A17050000J", "2.16.886.101.20003.20063.20005", "https://www.ilosh.gov.tw/",
                "從事勞動及職業安全衛生之調查研究。",
                "Researches labour and occupational safety and health."),
        ];
    }

    /// The organisation codes earlier releases seeded for three agencies, in a wrong order (WDA had the
    /// BLF's, BLF the OSHA's, OSHA the WDA's): agency code → (code as seeded then, code as it is).
    public static IReadOnlyDictionary<string, (string Seeded, string Official)> CorrectedOrganisationCodes { get; } =
        new Dictionary<string, (string, string)>
        {
            ["WDA"] = ("A17030000J", "A17020000J"),
            ["BLF"] = ("A17040000J", "A17030000J"),
            ["OSHA"] = ("A17020000J", "A17040000J"),
        };

    /// Datasets open at year end per agency (ACTION-PLAN S13).
    public static IReadOnlyList<(string AgencyCode, int Year, int OpenDatasets)> ScheduleTargets() =>
    [
        ("MOL", 2015, 43), ("MOL", 2016, 56), ("MOL", 2017, 69),
        ("BLI", 2015, 106), ("BLI", 2016, 151), ("BLI", 2017, 196),
        ("WDA", 2015, 51), ("WDA", 2016, 83), ("WDA", 2017, 115),
        ("BLF", 2015, 28), ("BLF", 2016, 41), ("BLF", 2017, 54),
        ("OSHA", 2015, 16), ("OSHA", 2016, 34), ("OSHA", 2017, 52),
        ("ILOSH", 2015, 11), ("ILOSH", 2016, 20), ("ILOSH", 2017, 29),
    ];

    /// Yearly indicator targets for 2016 and 2017 (ACTION-PLAN S14): meetings, growth, accuracy %, three-star %, replies within 6 days %.
    public static IEnumerable<(string AgencyCode, int Year, int Meetings, int Growth, decimal Accuracy, decimal ThreeStar, decimal Replies)> PerformanceTargets()
    {
        (string Code, int Growth)[] growth = [("MOL", 13), ("BLI", 45), ("WDA", 32), ("BLF", 13), ("OSHA", 18), ("ILOSH", 9)];
        foreach (var year in new[] { 2016, 2017 })
        {
            foreach (var (code, g) in growth)
            {
                yield return (code, year, 4, g, 90m, 50m, 95m);
            }
        }
    }

    public static void AddTargets(IReadOnlyDictionary<string, Agency> byCode, ICollection<ScheduleTarget> schedule, ICollection<PerformanceTarget> performance)
    {
        foreach (var (code, year, open) in ScheduleTargets())
        {
            schedule.Add(new ScheduleTarget { Agency = byCode[code], Year = year, OpenDatasets = open });
        }
        foreach (var t in PerformanceTargets())
        {
            performance.Add(new PerformanceTarget
            {
                Agency = byCode[t.AgencyCode], Year = t.Year, WorkingGroupMeetings = t.Meetings, Growth = t.Growth,
                AccuracyPercent = t.Accuracy, ThreeStarPercent = t.ThreeStar, RepliesWithinDeadlinePercent = t.Replies,
            });
        }
    }
}
