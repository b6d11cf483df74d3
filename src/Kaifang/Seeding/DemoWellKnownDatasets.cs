using System.Globalization;
using Kaifang.Catalog;
using Kaifang.Seeding.Files;
using static System.FormattableString;

namespace Kaifang.Seeding;

/// The ministry's datasets everyone knows, written out by hand with real-looking figures
/// (2026: minimum monthly wage NT$29,500, hourly NT$196).
internal static class DemoWellKnownDatasets
{
    private static readonly UpdateFrequency Yearly = UpdateFrequency.Every(1, FrequencyUnit.Year);
    private static readonly UpdateFrequency Monthly = UpdateFrequency.Every(1, FrequencyUnit.Month);
    private static readonly UpdateFrequency Quarterly = UpdateFrequency.Every(3, FrequencyUnit.Month);

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static IEnumerable<DemoDatasetPlan> All(Random random)
    {
        yield return new("BLI", "勞工保險投保薪資分級表", "Labor insurance monthly insured salary grades",
            "勞工保險投保薪資分級表係依勞工保險條例第14條訂定，投保單位應按勞工月薪資總額對照本表申報月投保薪資。自115年1月1日起第1級配合最低工資調整為29,500元，最高級為45,800元；部分工時勞工得以較低等級投保。",
            "F00", ["勞工保險", "投保薪資", "分級表", "月投保薪資"], Yearly, SalaryGrades(), DemoFileKinds.All, Report: true);
        yield return new("BLI", "勞工退休金月提繳工資分級表", "Labor pension monthly contribution wage grades",
            "雇主依勞工退休金條例按月為勞工提繳退休金，提繳工資依本分級表申報。本表分為11組62級，最低1,500元、最高150,000元。115年起第25級配合最低工資調整為29,500元。",
            "F00", ["勞工退休金", "提繳工資", "分級表", "勞退新制"], Yearly, PensionGrades(), DemoFileKinds.All, Report: false);
        yield return new("MOL", "最低工資歷年調整", "Minimum wage adjustments over the years",
            "本資料集列出我國每月及每小時最低工資（114年最低工資法施行前稱基本工資）之歷次調整情形，包括生效日期及調幅。115年1月1日起每月最低工資為29,500元、每小時196元。",
            "500", ["最低工資", "基本工資", "薪資", "勞動條件"], Yearly, MinimumWages(), DemoFileKinds.All, Report: false);
        yield return new("MOL", "勞資爭議統計－按縣市別", "Labour disputes by county",
            "本資料集提供各直轄市及縣（市）政府受理之勞資爭議案件數，並依爭議類別區分工資、資遣費、退休金及其他爭議。資料來源為地方主管機關勞資爭議處理報表，按年更新。",
            "E00", ["勞資爭議", "調解", "勞資關係"], Yearly, LabourDisputes(random), DemoFileKinds.CsvJsonXlsx, Report: false);
        yield return new("MOL", "大量解僱勞工計畫書通報統計", "Mass layoff plan notifications",
            "依大量解僱勞工保護法，事業單位大量解僱勞工時應於60日前將解僱計畫書通知主管機關。本資料集按月彙整通報之縣市、行業、事業規模及預定解僱人數。",
            "500", ["大量解僱", "解僱計畫書", "勞工保護"], Monthly, MassLayoffs(random), DemoFileKinds.CsvJson, Report: false);
        yield return new("OSHA", "職業災害統計", "Occupational accident statistics",
            "本資料集提供勞工保險職業災害給付之死亡、失能及傷病人數，按行業及災害類型分類。數據可作為事業單位推動職業災害預防與安全衛生管理之參考。",
            "E00", ["職業災害", "職災統計", "職業安全衛生"], Yearly, OccupationalAccidents(random), DemoFileKinds.All, Report: true);
        yield return new("WDA", "公立就業服務機構（就業服務站）據點", "Public employment service centres and stations",
            "本資料集列出勞動力發展署各分署所轄就業中心及就業服務站之名稱、地址、電話與服務時間。民眾可至鄰近就業服務站辦理求職登記、職業訓練諮詢及失業給付申請。",
            "500", ["就業服務站", "就業中心", "求職", "服務據點"], UpdateFrequency.Irregular, EmploymentStations(), DemoFileKinds.CsvJsonXlsx, Report: false);
        yield return new("WDA", "職業訓練課程", "Vocational training courses",
            "本資料集提供勞動力發展署及所屬分署辦理之職前及在職訓練課程，包括訓練單位、開結訓日期、時數、費用與招生名額。課程資訊由台灣就業通系統即時介接更新。",
            "300", ["職業訓練", "職前訓練", "在職訓練", "課程"], UpdateFrequency.RealTime, TrainingCourses(random), DemoFileKinds.CsvJson, Report: false, Automated: true);
        yield return new("WDA", "外籍勞工人數－按國籍別", "Foreign workers by nationality",
            "本資料集提供在臺產業及社福外籍勞工（移工）之在留人數，按國籍別及月份統計。資料來源為外籍勞工聘僱許可及管理資料。",
            "500", ["外籍勞工", "移工", "產業移工", "社福移工"], Monthly, ForeignWorkers(random), DemoFileKinds.All, Report: false);
        yield return new("BLF", "勞動基金運用收益", "Labour funds investment returns",
            "本資料集按月公布勞動基金（新制及舊制勞工退休基金、勞工保險基金、就業保險基金等）之運用規模、收益數及收益率。收益率為當年度截至當月之累計數。",
            "800", ["勞動基金", "基金收益", "收益率", "退休基金"], Monthly, FundReturns(random), DemoFileKinds.All, Report: true);
        yield return new("ILOSH", "勞動及職業安全衛生研究報告", "Labour and occupational safety research reports",
            "本資料集列出勞動及職業安全衛生研究所歷年委託及自行研究計畫之名稱、年度、主持人與摘要。完整報告可至研究所出版品專區下載。",
            "I00", ["研究報告", "職業安全衛生", "勞動研究"], Yearly, ResearchReports(random), DemoFileKinds.CsvJson, Report: true);
    }

    private static DemoTable SalaryGrades()
    {
        int[] partTime = [11_100, 12_540, 13_500, 15_840, 16_500, 17_280, 17_880, 19_047, 20_008, 21_009, 22_000, 23_100, 24_000, 25_250, 26_400, 27_600, 28_800];
        int[] fullTime = [29_500, 30_300, 31_800, 33_300, 34_800, 36_300, 38_200, 40_100, 42_000, 43_900, 45_800];
        var rows = new List<string[]>();
        var previous = 0;
        var grade = 1;
        foreach (var salary in fullTime)
        {
            var range = grade == 1 ? Invariant($"{salary:N0}元以下") : grade == fullTime.Length ? Invariant($"{previous + 1:N0}元以上") : Invariant($"{previous + 1:N0}元至{salary:N0}元");
            rows.Add([N(grade), range, N(salary), "一般勞工"]);
            previous = salary;
            grade++;
        }
        previous = 0;
        foreach (var salary in partTime)
        {
            var range = previous == 0 ? Invariant($"{salary:N0}元以下") : Invariant($"{previous + 1:N0}元至{salary:N0}元");
            rows.Add([N(grade), range, N(salary), "部分工時勞工"]);
            previous = salary;
            grade++;
        }
        return new([
            new("投保薪資等級", "等級序號"),
            new("月薪資總額", "勞工每月薪資總額範圍，單位：新臺幣元"),
            new("月投保薪資", "申報之月投保薪資，單位：新臺幣元", true),
            new("適用對象", "一般勞工或部分工時勞工"),
        ], rows);
    }

    private static DemoTable PensionGrades()
    {
        int[] wages =
        [
            1_500, 3_000, 4_500, 6_000, 7_500, 8_700, 9_900, 11_100, 12_540, 13_500, 15_840, 16_500, 17_280, 17_880, 19_047,
            20_008, 21_009, 22_000, 23_100, 24_000, 25_250, 26_400, 27_600, 28_800, 29_500, 30_300, 31_800, 33_300, 34_800,
            36_300, 38_200, 40_100, 42_000, 43_900, 45_800, 48_200, 50_600, 53_000, 55_400, 57_800, 60_800, 63_800, 66_800,
            69_800, 72_800, 76_500, 80_200, 83_900, 87_600, 92_100, 96_600, 101_100, 105_600, 110_100, 115_500, 120_900,
            126_300, 131_700, 137_100, 142_500, 147_900, 150_000,
        ];
        int[] groupStarts = [0, 5, 11, 17, 24, 35, 40, 45, 50, 55, 61];
        var rows = new List<string[]>();
        for (var i = 0; i < wages.Length; i++)
        {
            var group = Array.FindLastIndex(groupStarts, s => s <= i) + 1;
            var range = i == 0 ? Invariant($"{wages[i]:N0}元以下") : i == wages.Length - 1 ? Invariant($"{wages[i - 1] + 1:N0}元以上") : Invariant($"{wages[i - 1] + 1:N0}元至{wages[i]:N0}元");
            rows.Add([$"第{group}組", N(i + 1), range, N(wages[i])]);
        }
        return new([
            new("級距", "組別"),
            new("級", "提繳工資等級", true),
            new("實際工資", "勞工每月工資範圍，單位：新臺幣元"),
            new("月提繳工資", "申報之月提繳工資，單位：新臺幣元", true),
        ], rows);
    }

    private static DemoTable MinimumWages()
    {
        (string Date, int Monthly, int Hourly)[] history =
        [
            ("2007-07-01", 17_280, 95), ("2011-01-01", 17_880, 98), ("2012-01-01", 18_780, 103), ("2013-04-01", 19_047, 109),
            ("2014-07-01", 19_273, 115), ("2015-07-01", 20_008, 120), ("2017-01-01", 21_009, 133), ("2018-01-01", 22_000, 140),
            ("2019-01-01", 23_100, 150), ("2020-01-01", 23_800, 158), ("2021-01-01", 24_000, 160), ("2022-01-01", 25_250, 168),
            ("2023-01-01", 26_400, 176), ("2024-01-01", 27_470, 183), ("2025-01-01", 28_590, 190), ("2026-01-01", 29_500, 196),
        ];
        var rows = new List<string[]>();
        for (var i = 0; i < history.Length; i++)
        {
            var rise = i == 0 ? "" : ((history[i].Monthly - history[i - 1].Monthly) * 100m / history[i - 1].Monthly).ToString("0.00", CultureInfo.InvariantCulture);
            rows.Add([history[i].Date, N(history[i].Monthly), N(history[i].Hourly), rise]);
        }
        return new([
            new("生效日期", "調整生效日，西元年-月-日"),
            new("每月最低工資", "單位：新臺幣元", true),
            new("每小時最低工資", "單位：新臺幣元", true),
            new("月薪調幅", "較前次調整之百分比，單位：%", true),
        ], rows);
    }

    private static DemoTable LabourDisputes(Random random)
    {
        var rows = new List<string[]>();
        foreach (var year in new[] { 112, 113, 114 })
        {
            foreach (var county in DemoVocabulary.Counties)
            {
                var wage = random.Next(5, 3_200);
                var severance = random.Next(2, 1_500);
                var pension = random.Next(0, 300);
                var other = random.Next(3, 2_000);
                rows.Add([N(year), county, N(wage + severance + pension + other), N(wage), N(severance), N(pension), N(other)]);
            }
        }
        return new([
            new("年度", "民國年"), new("縣市別", "受理之直轄市或縣（市）政府"),
            new("爭議件數", "單位：件", true), new("工資爭議", "單位：件", true), new("資遣費爭議", "單位：件", true),
            new("退休金爭議", "單位：件", true), new("其他爭議", "單位：件", true),
        ], rows);
    }

    private static DemoTable MassLayoffs(Random random)
    {
        string[] sizes = ["30-99人", "100-299人", "300-499人", "500人以上"];
        var rows = new List<string[]>();
        for (var month = 1; month <= 12; month++)
        {
            for (var k = random.Next(2, 6); k > 0; k--)
            {
                rows.Add([$"114{month:00}", Pick(random, DemoVocabulary.Counties), Pick(random, DemoVocabulary.Industries), Pick(random, sizes), N(random.Next(10, 420))]);
            }
        }
        return new([
            new("通報年月", "民國年月，例：11401"), new("縣市別", "事業單位所在縣市"), new("行業別", "行業標準分類大類"),
            new("事業規模", "僱用人數規模"), new("預定解僱人數", "單位：人", true),
        ], rows);
    }

    private static DemoTable OccupationalAccidents(Random random)
    {
        var rows = new List<string[]>();
        string[] industries = ["製造業", "營建工程業", "批發及零售業", "運輸及倉儲業", "住宿及餐飲業", "支援服務業", "農林漁牧業", "醫療保健及社會工作服務業"];
        foreach (var year in new[] { 112, 113, 114 })
        {
            foreach (var industry in industries)
            {
                foreach (var type in DemoVocabulary.ByAccidentType.Values.Take(5))
                {
                    var scale = industry is "製造業" or "營建工程業" ? 4 : 1;
                    rows.Add([N(year), industry, type, N(random.Next(0, 12 * scale)), N(random.Next(2, 60 * scale)), N(random.Next(40, 900 * scale))]);
                }
            }
        }
        return new([
            new("年度", "民國年"), new("行業別", "行業標準分類大類"), new("災害類型", "職業災害發生之類型"),
            new("死亡人數", "單位：人", true), new("失能人數", "單位：人", true), new("傷病人數", "單位：人", true),
        ], rows);
    }

    private static DemoTable EmploymentStations()
    {
        (string Branch, string Name, string Zip, string Address, string Phone)[] stations =
        [
            ("北基宜花金馬分署", "基隆就業中心", "200", "基隆市仁愛區仁二路46號", "02-24244188"),
            ("北基宜花金馬分署", "板橋就業中心", "220", "新北市板橋區中山路一段158號", "02-29596000"),
            ("北基宜花金馬分署", "三重就業中心", "241", "新北市三重區三和路三段116號", "02-29820338"),
            ("北基宜花金馬分署", "新店就業服務站", "231", "新北市新店區中正路505號", "02-29175000"),
            ("北基宜花金馬分署", "宜蘭就業中心", "260", "宜蘭縣宜蘭市中山路二段350號", "03-9326176"),
            ("北基宜花金馬分署", "花蓮就業中心", "970", "花蓮縣花蓮市中山路93號", "03-8323143"),
            ("北基宜花金馬分署", "金門就業服務站", "893", "金門縣金城鎮民生路62號", "082-371435"),
            ("北基宜花金馬分署", "馬祖就業服務站", "209", "連江縣南竿鄉介壽村29號", "0836-22171"),
            ("桃竹苗分署", "桃園就業中心", "330", "桃園市桃園區中正路1128號", "03-3331160"),
            ("桃竹苗分署", "中壢就業中心", "320", "桃園市中壢區元化路75號", "03-4224125"),
            ("桃竹苗分署", "新竹就業中心", "300", "新竹市東區中華路二段58號", "03-5223378"),
            ("桃竹苗分署", "苗栗就業中心", "360", "苗栗縣苗栗市中正路338號", "037-329900"),
            ("中彰投分署", "臺中就業中心", "403", "臺中市西區民權路200號", "04-22279195"),
            ("中彰投分署", "豐原就業中心", "420", "臺中市豐原區中正路266號", "04-25278585"),
            ("中彰投分署", "彰化就業中心", "500", "彰化縣彰化市中山路二段356號", "04-7279000"),
            ("中彰投分署", "南投就業中心", "540", "南投縣南投市中興路680號", "049-2225086"),
            ("雲嘉南分署", "嘉義就業中心", "600", "嘉義市西區中山路615號", "05-2224245"),
            ("雲嘉南分署", "虎尾就業中心", "632", "雲林縣虎尾鎮林森路一段505號", "05-6324226"),
            ("雲嘉南分署", "臺南就業中心", "700", "臺南市中西區府前路一段243號", "06-2232105"),
            ("雲嘉南分署", "新營就業中心", "730", "臺南市新營區長榮路一段6號", "06-6321500"),
            ("高屏澎東分署", "高雄就業中心", "800", "高雄市新興區中正四路80號", "07-2362800"),
            ("高屏澎東分署", "鳳山就業中心", "830", "高雄市鳳山區曹公路22號", "07-7462500"),
            ("高屏澎東分署", "屏東就業中心", "900", "屏東縣屏東市自由路527號", "08-7374080"),
            ("高屏澎東分署", "臺東就業中心", "950", "臺東縣臺東市中華路一段368號", "089-357599"),
            ("高屏澎東分署", "澎湖就業中心", "880", "澎湖縣馬公市中華路275號", "06-9264620"),
        ];
        var rows = stations.Select(s => new[] { s.Branch, s.Name, s.Zip, s.Address, s.Phone, "週一至週五 08:00-17:00" }).ToList();
        return new([
            new("分署", "所屬勞動力發展署分署"), new("機構名稱", "就業中心或就業服務站名稱"), new("郵遞區號", "3碼郵遞區號"),
            new("地址", "服務據點地址"), new("電話", "服務專線"), new("服務時間", "對外服務時段"),
        ], rows);
    }

    private static DemoTable TrainingCourses(Random random)
    {
        string[] courses =
        [
            "電腦輔助機械製圖班", "室內配線技術士養成班", "中餐烹調實務班", "網頁設計與前端程式班", "照顧服務員訓練班", "CNC車床加工班",
            "會計實務及稅務班", "智慧物流管理班", "汽車維修技術班", "多媒體影音剪輯班", "烘焙食品製作班", "數位行銷企劃班",
            "冷凍空調技術班", "門市服務管理班", "工業配電實務班", "資料分析與Python應用班",
        ];
        string[] units = ["北基宜花金馬分署", "桃竹苗分署", "中彰投分署", "雲嘉南分署", "高屏澎東分署", "勞動力發展署技能發展中心"];
        var rows = new List<string[]>();
        for (var i = 0; i < 60; i++)
        {
            var start = new DateOnly(2026, 1, 5).AddDays(random.Next(0, 330));
            var hours = random.Next(6, 40) * 20;
            rows.Add([
                $"115{i + 1:0000}", Pick(random, courses), Pick(random, units), Pick(random, DemoVocabulary.Counties),
                start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), start.AddDays(hours / 6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                N(hours), N(random.Next(0, 3) == 0 ? random.Next(10, 80) * 100 : 0), N(random.Next(15, 36)),
            ]);
        }
        return new([
            new("課程代碼", "民國年加流水號"), new("課程名稱", "訓練班別名稱"), new("訓練單位", "辦理單位"), new("縣市別", "上課地點縣市"),
            new("開訓日期", "西元年-月-日"), new("結訓日期", "西元年-月-日"), new("訓練時數", "單位：小時", true),
            new("自付費用", "學員自行負擔費用，單位：新臺幣元", true), new("招生名額", "單位：人", true),
        ], rows);
    }

    private static DemoTable ForeignWorkers(Random random)
    {
        (string Nation, int Industry, int Care)[] bases = [("印尼", 95_000, 190_000), ("越南", 270_000, 14_000), ("菲律賓", 130_000, 30_000), ("泰國", 75_000, 600)];
        var rows = new List<string[]>();
        for (var month = 1; month <= 12; month++)
        {
            foreach (var (nation, industry, care) in bases)
            {
                var i = industry + month * random.Next(200, 900);
                var c = care + month * random.Next(0, 300);
                rows.Add([$"114{month:00}", nation, N(i), N(c), N(i + c)]);
            }
        }
        return new([
            new("資料年月", "民國年月，例：11401"), new("國籍別", "外籍勞工國籍"),
            new("產業移工人數", "單位：人", true), new("社福移工人數", "單位：人", true), new("合計", "單位：人", true),
        ], rows);
    }

    private static DemoTable FundReturns(Random random)
    {
        (string Fund, int Size)[] funds = [("新制勞工退休基金", 46_000), ("舊制勞工退休基金", 9_800), ("勞工保險基金", 11_500), ("就業保險基金", 1_800)];
        var rows = new List<string[]>();
        for (var month = 1; month <= 12; month++)
        {
            foreach (var (fund, size) in funds)
            {
                var rate = Math.Round((decimal)(random.NextDouble() * 2.2 - 0.4) * month, 2);
                var scale = size + month * size / 100;
                rows.Add([$"114{month:00}", fund, N(scale), (scale * rate / 100).ToString("0.00", CultureInfo.InvariantCulture), rate.ToString("0.00", CultureInfo.InvariantCulture)]);
            }
        }
        return new([
            new("資料年月", "民國年月，例：11401"), new("基金別", "勞動基金之基金名稱"), new("運用規模", "單位：新臺幣億元", true),
            new("收益數", "當年累計收益，單位：新臺幣億元", true), new("收益率", "當年累計收益率，單位：%", true),
        ], rows);
    }

    private static DemoTable ResearchReports(Random random)
    {
        string[] subjects =
        [
            "營造業墜落災害預防對策", "高溫作業勞工熱危害評估", "職場過勞風險因子", "奈米物質作業環境暴露評估", "中高齡勞工就業促進",
            "平台經濟工作者勞動條件", "化學品危害分類與標示", "職場心理健康促進", "外籍勞工職業安全衛生", "人因性危害預防",
            "局部排氣裝置效能", "勞動市場數位轉型影響",
        ];
        var rows = new List<string[]>();
        for (var i = 0; i < subjects.Length; i++)
        {
            var year = 108 + i % 7;
            rows.Add([$"ILOSH{year}-{101 + i}", $"{subjects[i]}研究", N(year), DemoVocabulary.PersonName(random), $"本研究探討{subjects[i]}之現況與問題，提出具體改善建議供政策參考。"]);
        }
        return new([
            new("計畫編號", "研究計畫編號"), new("計畫名稱", "研究計畫名稱"), new("年度", "民國年"),
            new("主持人", "計畫主持人"), new("摘要", "研究摘要"),
        ], rows);
    }

    private static string Pick(Random random, IReadOnlyList<string> values) => values[random.Next(values.Count)];
}
