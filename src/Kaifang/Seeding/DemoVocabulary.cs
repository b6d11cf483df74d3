using Kaifang.Catalog;

namespace Kaifang.Seeding;

/// The words the demo catalog is made of: the Ministry of Labor's statistical subjects, the ways
/// its tables are broken down, and the people and telephone numbers behind them. Public so the
/// benchmark data generator draws its titles from the same language.
public static class DemoVocabulary
{
    public static readonly IReadOnlyList<string> Counties =
    [
        "臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市", "基隆市", "新竹市", "新竹縣", "苗栗縣", "彰化縣",
        "南投縣", "雲林縣", "嘉義市", "嘉義縣", "屏東縣", "宜蘭縣", "花蓮縣", "臺東縣", "澎湖縣", "金門縣", "連江縣",
    ];

    public static readonly IReadOnlyList<string> Industries =
    [
        "農林漁牧業", "礦業及土石採取業", "製造業", "電力及燃氣供應業", "用水供應及污染整治業", "營建工程業",
        "批發及零售業", "運輸及倉儲業", "住宿及餐飲業", "出版影音及資通訊業", "金融及保險業", "不動產業",
        "專業科學及技術服務業", "支援服務業", "教育業", "醫療保健及社會工作服務業", "藝術娛樂及休閒服務業", "其他服務業",
    ];

    public static readonly DemoDimension ByCounty = new("縣市別", "縣市名稱", "縣市別", "by county", Counties);
    public static readonly DemoDimension ByIndustry = new("行業別", "行業標準分類大類", "行業別", "by industry", Industries);
    public static readonly DemoDimension ByAge = new("年齡別", "年齡組距", "年齡別", "by age group", ["15-24歲", "25-34歲", "35-44歲", "45-54歲", "55-64歲", "65歲以上"]);
    public static readonly DemoDimension BySex = new("性別", "男或女", "性別", "by sex", ["男", "女"]);
    public static readonly DemoDimension BySize = new("事業規模別", "事業單位僱用人數規模", "事業規模別", "by enterprise size", ["未滿30人", "30-99人", "100-299人", "300-499人", "500人以上"]);
    public static readonly DemoDimension ByMonth = new("資料年月", "民國年月，例：11401 為114年1月", "月別", "by month", []);
    public static readonly DemoDimension ByFund = new("基金別", "勞動基金之基金名稱", "基金別", "by fund", ["新制勞工退休基金", "舊制勞工退休基金", "勞工保險基金", "就業保險基金", "職業災害保險基金", "積欠工資墊償基金"]);
    public static readonly DemoDimension ByAssetClass = new("資產類別", "投資資產類別", "資產類別", "by asset class", ["國內股票", "國外股票", "國內債券", "國外債券", "存款及短期票券", "另類投資"]);
    public static readonly DemoDimension ByMandate = new("運用方式", "自行運用或委託經營", "運用方式", "by management type", ["自行運用", "國內委託經營", "國外委託經營"]);
    public static readonly DemoDimension ByAccidentType = new("災害類型", "職業災害發生之類型", "災害類型", "by accident type", ["墜落、滾落", "被夾、被捲", "感電", "物體倒塌、崩塌", "被撞", "跌倒", "火災", "其他"]);

    private static readonly DemoDimension[] General = [ByCounty, ByIndustry, ByAge, BySex, BySize, ByMonth];
    private static readonly DemoDimension[] Funds = [ByMonth, ByFund, ByAssetClass, ByMandate];
    private static readonly DemoDimension[] Safety = [ByCounty, ByIndustry, BySize, ByMonth, ByAccidentType];
    private static readonly DemoDimension[] Survey = [BySex, ByAge, ByIndustry, BySize];

    private static readonly UpdateFrequency Monthly = UpdateFrequency.Every(1, FrequencyUnit.Month);
    private static readonly UpdateFrequency Quarterly = UpdateFrequency.Every(3, FrequencyUnit.Month);
    private static readonly UpdateFrequency Yearly = UpdateFrequency.Every(1, FrequencyUnit.Year);

    private static DemoMetric M(string column, string meaning, int min, int max) => new(column, meaning, min, max);

    /// Statistical subjects per agency code; each is broken down by each of its dimensions into one dataset.
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<DemoTopic>> Topics = new Dictionary<string, IReadOnlyList<DemoTopic>>
    {
        ["MOL"] =
        [
            new("受僱員工人數", "Number of employees", "500", ["受僱員工", "就業", "勞動統計"], Monthly, General, [M("受僱員工人數", "單位：人", 20_000, 900_000)]),
            new("受僱員工每月平均薪資", "Average monthly earnings of employees", "500", ["薪資", "平均薪資", "勞動統計"], Monthly, General, [M("經常性薪資", "單位：新臺幣元", 32_000, 52_000), M("總薪資", "單位：新臺幣元", 38_000, 78_000)]),
            new("受僱員工每月平均工時", "Average monthly working hours of employees", "500", ["工時", "勞動條件"], Monthly, General, [M("正常工時", "單位：小時", 150, 172), M("加班工時", "單位：小時", 2, 18)]),
            new("工會數及會員人數", "Trade unions and members", "I00", ["工會", "勞資關係"], Yearly, General, [M("工會數", "單位：家", 3, 420), M("會員人數", "單位：人", 500, 160_000)]),
            new("育嬰留職停薪申請人數", "Parental leave applications", "200", ["育嬰留職停薪", "性別平等"], Quarterly, General, [M("申請人數", "單位：人", 40, 9_000)]),
            new("部分工時勞工人數", "Part-time workers", "500", ["部分工時", "非典型就業"], Yearly, General, [M("部分工時勞工人數", "單位：人", 300, 90_000)]),
            new("職場性別平等申訴案件", "Workplace gender equality complaints", "E00", ["性別平等", "性騷擾", "申訴"], Yearly, General, [M("申訴件數", "單位：件", 0, 180), M("成立件數", "單位：件", 0, 60)]),
            new("勞動條件檢查結果", "Labour standards inspection results", "E00", ["勞動檢查", "勞動基準法"], Quarterly, General, [M("檢查家數", "單位：家", 20, 3_000), M("違法家數", "單位：家", 2, 600)]),
        ],
        ["BLI"] =
        [
            new("勞工保險投保單位數", "Labor insurance insured units", "500", ["勞工保險", "投保單位"], Monthly, General, [M("投保單位數", "單位：家", 200, 160_000)]),
            new("勞工保險被保險人數", "Labor insurance insured persons", "500", ["勞工保險", "被保險人"], Monthly, General, [M("被保險人數", "單位：人", 2_000, 1_900_000)]),
            new("勞工保險普通事故給付件數", "Labor insurance ordinary-risk benefit claims", "B00", ["勞工保險", "保險給付"], Monthly, General, [M("核付件數", "單位：件", 50, 60_000)]),
            new("勞工保險給付金額", "Labor insurance benefit payments", "F00", ["勞工保險", "保險給付", "給付金額"], Monthly, General, [M("給付金額", "單位：新臺幣千元", 5_000, 9_000_000)]),
            new("勞工保險老年年金給付核付人數", "Labor insurance old-age pension recipients", "F00", ["老年年金", "勞保年金", "退休"], Monthly, General, [M("核付人數", "單位：人", 300, 250_000), M("平均月領金額", "單位：新臺幣元", 16_000, 20_500)]),
            new("勞工保險失能給付核付件數", "Labor insurance disability benefit claims", "B00", ["失能給付", "勞工保險"], Monthly, General, [M("核付件數", "單位：件", 5, 3_000)]),
            new("勞工保險生育給付核付件數", "Labor insurance maternity benefit claims", "100", ["生育給付", "勞工保險"], Monthly, General, [M("核付件數", "單位：件", 10, 9_000)]),
            new("勞工保險死亡給付核付件數", "Labor insurance death benefit claims", "H00", ["死亡給付", "喪葬津貼"], Monthly, General, [M("核付件數", "單位：件", 5, 4_000)]),
            new("勞工保險傷病給付核付件數", "Labor insurance sickness benefit claims", "B00", ["傷病給付", "勞工保險"], Monthly, General, [M("核付件數", "單位：件", 10, 8_000)]),
            new("就業保險失業給付初次認定件數", "Employment insurance first unemployment claims", "500", ["就業保險", "失業給付"], Monthly, General, [M("初次認定件數", "單位：件", 20, 12_000)]),
            new("就業保險育嬰留職停薪津貼核付件數", "Employment insurance parental leave allowance", "200", ["育嬰留職停薪津貼", "就業保險"], Monthly, General, [M("核付件數", "單位：件", 30, 20_000)]),
            new("就業保險職業訓練生活津貼核付人數", "Employment insurance training living allowance", "300", ["職業訓練生活津貼", "就業保險"], Monthly, General, [M("核付人數", "單位：人", 5, 4_000)]),
            new("勞工退休金新制提繳單位數", "New labor pension contributing employers", "F00", ["勞工退休金", "勞退新制", "提繳"], Monthly, General, [M("提繳單位數", "單位：家", 150, 180_000)]),
            new("勞工退休金新制提繳人數", "New labor pension contributors", "F00", ["勞工退休金", "勞退新制"], Monthly, General, [M("提繳人數", "單位：人", 1_500, 1_600_000), M("平均月提繳工資", "單位：新臺幣元", 33_000, 48_000)]),
            new("勞工退休金個人專戶請領件數", "Labor pension individual account withdrawals", "F00", ["勞工退休金", "請領"], Monthly, General, [M("請領件數", "單位：件", 20, 18_000)]),
            new("職業災害保險給付件數", "Occupational accident insurance claims", "E00", ["職業災害保險", "職災給付"], Monthly, General, [M("核付件數", "單位：件", 10, 7_000)]),
            new("國民年金被保險人數", "National pension insured persons", "G00", ["國民年金", "被保險人"], Monthly, General, [M("被保險人數", "單位：人", 1_000, 600_000)]),
            new("國民年金老年年金給付核付人數", "National pension old-age pension recipients", "G00", ["國民年金", "老年年金"], Monthly, General, [M("核付人數", "單位：人", 500, 400_000)]),
            new("積欠工資墊償基金墊償件數", "Arrears wage fund payments", "500", ["積欠工資", "墊償基金"], Quarterly, General, [M("墊償件數", "單位：件", 0, 300), M("墊償金額", "單位：新臺幣千元", 0, 90_000)]),
            new("農民健康保險被保險人數", "Farmers' health insurance insured persons", "B00", ["農民健康保險", "農保"], Monthly, General, [M("被保險人數", "單位：人", 500, 180_000)]),
        ],
        ["WDA"] =
        [
            new("公立就業服務機構求職人數", "Job seekers at public employment services", "500", ["求職", "就業服務"], Monthly, General, [M("新登記求職人數", "單位：人", 30, 16_000)]),
            new("公立就業服務機構求才人數", "Job vacancies at public employment services", "500", ["求才", "職缺", "就業服務"], Monthly, General, [M("新登記求才人數", "單位：人", 50, 40_000)]),
            new("公立就業服務機構推介就業人數", "Placements by public employment services", "500", ["推介就業", "就業服務"], Monthly, General, [M("推介就業人數", "單位：人", 20, 11_000), M("求職就業率", "單位：%", 40, 75)]),
            new("職業訓練結訓人數", "Vocational training completions", "300", ["職業訓練", "結訓"], Quarterly, General, [M("結訓人數", "單位：人", 10, 9_000), M("訓後就業人數", "單位：人", 5, 7_000)]),
            new("技術士技能檢定合格人數", "Certified technicians", "300", ["技能檢定", "技術士證"], Yearly, General, [M("報檢人數", "單位：人", 100, 90_000), M("合格人數", "單位：人", 50, 60_000)]),
            new("身心障礙者就業推介人數", "Employment placements of people with disabilities", "500", ["身心障礙", "就業促進"], Quarterly, General, [M("推介就業人數", "單位：人", 5, 2_500)]),
            new("多元就業開發方案進用人數", "Multi-employment promotion programme hires", "500", ["多元就業", "就業促進"], Yearly, General, [M("進用人數", "單位：人", 5, 1_800)]),
            new("外籍勞工聘僱許可件數", "Foreign worker employment permits", "500", ["外籍勞工", "移工", "聘僱許可"], Monthly, General, [M("許可件數", "單位：件", 10, 14_000)]),
            new("失業者職業訓練參訓人數", "Unemployed trainees", "300", ["失業者職業訓練", "職前訓練"], Quarterly, General, [M("參訓人數", "單位：人", 10, 6_000)]),
            new("就業促進津貼核發人數", "Employment promotion allowance recipients", "500", ["就業促進津貼", "求職交通補助金"], Quarterly, General, [M("核發人數", "單位：人", 5, 5_000)]),
            new("青年職涯發展服務人次", "Youth career development services", "300", ["青年", "職涯輔導"], Quarterly, General, [M("服務人次", "單位：人次", 20, 20_000)]),
        ],
        ["BLF"] =
        [
            new("新制勞工退休基金運用收益", "New labor pension fund returns", "800", ["勞工退休基金", "基金收益"], Monthly, Funds, [M("運用規模", "單位：新臺幣億元", 1_000, 48_000), M("收益數", "單位：新臺幣億元", -900, 3_200)]),
            new("舊制勞工退休基金運用收益", "Old labor pension fund returns", "800", ["勞工退休基金", "舊制"], Monthly, Funds, [M("運用規模", "單位：新臺幣億元", 500, 10_000), M("收益數", "單位：新臺幣億元", -300, 900)]),
            new("勞工保險基金運用收益", "Labor insurance fund returns", "800", ["勞工保險基金", "基金收益"], Monthly, Funds, [M("運用規模", "單位：新臺幣億元", 300, 12_000), M("收益數", "單位：新臺幣億元", -200, 800)]),
            new("就業保險基金運用收益", "Employment insurance fund returns", "800", ["就業保險基金", "基金收益"], Monthly, Funds, [M("運用規模", "單位：新臺幣億元", 100, 1_900), M("收益數", "單位：新臺幣億元", -50, 150)]),
            new("勞動基金委託經營績效", "Labour funds mandate performance", "800", ["委託經營", "勞動基金"], Quarterly, Funds, [M("委託金額", "單位：新臺幣億元", 50, 9_000), M("報酬率", "單位：%", -12, 18)]),
            new("勞動基金資產配置", "Labour funds asset allocation", "800", ["資產配置", "勞動基金"], Monthly, Funds, [M("配置金額", "單位：新臺幣億元", 100, 20_000), M("配置比率", "單位：%", 1, 45)]),
            new("勞動基金國內股票投資", "Labour funds domestic equity holdings", "800", ["國內股票", "勞動基金"], Quarterly, Funds, [M("投資金額", "單位：新臺幣億元", 50, 6_000)]),
            new("勞動基金國外投資", "Labour funds foreign investments", "800", ["國外投資", "勞動基金"], Quarterly, Funds, [M("投資金額", "單位：新臺幣億元", 100, 25_000)]),
        ],
        ["OSHA"] =
        [
            new("勞動檢查場次", "Labour inspections", "E00", ["勞動檢查", "職業安全"], Monthly, Safety, [M("檢查場次", "單位：場次", 10, 9_000)]),
            new("職業災害死亡人數", "Occupational fatalities", "E00", ["職業災害", "死亡"], Monthly, Safety, [M("死亡人數", "單位：人", 0, 60)]),
            new("重大職業災害件數", "Major occupational accidents", "E00", ["重大職業災害", "職業安全"], Monthly, Safety, [M("災害件數", "單位：件", 0, 40), M("罹災人數", "單位：人", 0, 55)]),
            new("違反職業安全衛生法處分件數", "Penalties under the Occupational Safety and Health Act", "E00", ["職業安全衛生法", "罰鍰"], Quarterly, Safety, [M("處分件數", "單位：件", 0, 900), M("罰鍰金額", "單位：新臺幣千元", 0, 60_000)]),
            new("危險性機械及設備檢查件數", "Hazardous machinery and equipment inspections", "E00", ["危險性機械", "鍋爐", "起重機"], Quarterly, Safety, [M("檢查件數", "單位：件", 5, 12_000)]),
            new("職業病通報件數", "Occupational disease reports", "B00", ["職業病", "職業傷病通報"], Yearly, Safety, [M("通報件數", "單位：件", 0, 500)]),
        ],
        ["ILOSH"] =
        [
            new("勞工生活及就業狀況調查", "Survey of workers' living and employment conditions", "500", ["勞工生活", "就業狀況", "調查"], Yearly, Survey, [M("樣本數", "單位：人", 80, 6_000), M("對工作滿意比率", "單位：%", 45, 85)]),
            new("工作環境安全衛生狀況認知調查", "Survey of perceived workplace safety and health", "E00", ["工作環境", "安全衛生", "調查"], Yearly, Survey, [M("樣本數", "單位：人", 80, 6_000), M("認為工作環境安全比率", "單位：%", 55, 95)]),
            new("勞工工時與疲勞調查", "Survey of working hours and fatigue", "E00", ["過勞", "工時", "疲勞"], Yearly, Survey, [M("樣本數", "單位：人", 80, 6_000), M("高度疲勞比率", "單位：%", 5, 40)]),
            new("作業環境噪音暴露調查", "Survey of workplace noise exposure", "E00", ["噪音", "作業環境監測"], Yearly, Survey, [M("測定點數", "單位：點", 20, 3_000), M("超過85分貝比率", "單位：%", 2, 35)]),
        ],
    };

    private static readonly string[] Surnames = ["陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊", "許", "鄭", "謝", "郭", "洪"];
    private static readonly string[] GivenNames = ["怡君", "雅婷", "家豪", "志明", "淑芬", "建宏", "美玲", "俊傑", "佩珊", "冠宇", "宗翰", "欣怡", "承恩", "婉婷", "柏翰"];

    public static string PersonName(Random random) =>
        Surnames[random.Next(Surnames.Length)] + GivenNames[random.Next(GivenNames.Length)];

    /// Each agency's switchboard prefix and e-mail domain, so that contacts look like the agency's own.
    public static readonly IReadOnlyDictionary<string, (string PhonePrefix, string MailDomain)> Contacts = new Dictionary<string, (string, string)>
    {
        ["MOL"] = ("02-8590", "mol.gov.tw"),
        ["BLI"] = ("02-2396", "bli.gov.tw"),
        ["WDA"] = ("02-8995", "wda.gov.tw"),
        ["BLF"] = ("02-8590", "blf.gov.tw"),
        ["OSHA"] = ("02-8590", "osha.gov.tw"),
        ["ILOSH"] = ("02-2660", "ilosh.gov.tw"),
    };

    /// Latin letters of the contact's mailbox; government mailboxes are romanised names or staff numbers.
    private static readonly string[] Mailboxes = ["chen", "lin", "huang", "chang", "lee", "wang", "wu", "liu", "tsai", "yang", "hsu", "cheng", "hsieh", "kuo", "hung"];

    public static string Mailbox(Random random) => $"{Mailboxes[random.Next(Mailboxes.Length)]}{random.Next(10, 99)}";
}

/// A way to break a table down: its column, what the column means, the title words and the values.
/// No values means a month series (資料年月).
public sealed record DemoDimension(string Column, string Meaning, string TitleWords, string TitleWordsEn, IReadOnlyList<string> Values)
{
    public bool IsMonthly => Values.Count == 0;
}

/// One numeric column of a statistical table and the range its demo values are drawn from.
public sealed record DemoMetric(string Column, string Meaning, int Min, int Max);

/// A statistical subject of an agency.
public sealed record DemoTopic(
    string Title,
    string TitleEn,
    string ServiceCategory,
    IReadOnlyList<string> Keywords,
    UpdateFrequency Frequency,
    IReadOnlyList<DemoDimension> Dimensions,
    IReadOnlyList<DemoMetric> Metrics);
