namespace Kaifang.Inventory;

/// A law or article that allows restricting or closing data (分級之法令依據), from a list system admins maintain.
public sealed class LegalBasis
{
    /// Short stable code used in spreadsheets and the API, e.g. PDPA-16 or FOIA-18-1-6.
    public required string Code { get; set; }

    /// 個人資料保護法.
    public required string Law { get; set; }

    /// 第16條, 第18條第1項第6款; empty when the law as a whole is cited.
    public string Article { get; set; } = "";

    /// The provision's text, shortened.
    public required string Text { get; set; }
    public int Order { get; set; }

    /// Retired bases stay for the items that cite them but are no longer offered.
    public bool Active { get; set; } = true;

    public string Title => Article.Length == 0 ? Law : $"{Law} {Article}";
}

/// The list as Kaifang ships it: the real bases Taiwan's agencies cite most for restricted or closed data.
public static class LegalBasisSeed
{
    public static IReadOnlyList<LegalBasis> All { get; } = Build();

    private static List<LegalBasis> Build()
    {
        var list = new List<LegalBasis>
        {
            new() { Code = "PDPA-15", Law = "個人資料保護法", Article = "第15條", Text = "公務機關對個人資料之蒐集或處理，除第六條第一項所規定資料外，應有特定目的，並符合法定情形之一。" },
            new() { Code = "PDPA-16", Law = "個人資料保護法", Article = "第16條", Text = "公務機關對個人資料之利用，除第六條第一項所規定資料外，應於執行法定職務必要範圍內為之，並與蒐集之特定目的相符。" },
            new() { Code = "PDPA-19", Law = "個人資料保護法", Article = "第19條", Text = "非公務機關對個人資料之蒐集或處理，除第六條第一項所規定資料外，應有特定目的，並符合法定情形之一。" },
            new() { Code = "PDPA-20", Law = "個人資料保護法", Article = "第20條", Text = "非公務機關對個人資料之利用，除第六條第一項所規定資料外，應於蒐集之特定目的必要範圍內為之。" },
        };
        string[] foia =
        [
            "經依法核定為國家機密或其他法律、法規命令規定應秘密事項或限制、禁止公開者。",
            "公開或提供有礙犯罪之偵查、追訴、執行或足以妨害刑事被告受公正之裁判或有危害他人生命、身體、自由、財產者。",
            "政府機關作成意思決定前，內部單位之擬稿或其他準備作業。但對公益有必要者，得公開或提供之。",
            "政府機關為實施監督、管理、檢（調）查、取締等業務，而取得或製作監督、管理、檢（調）查、取締對象之相關資料，其公開或提供將對實施目的造成困難或妨害者。",
            "有關專門知識、技能或資格所為之考試、檢定或鑑定等有關資料，其公開或提供將影響其公正效率之執行者。",
            "公開或提供有侵害個人隱私、職業上秘密或著作權人之公開發表權者。但對公益有必要或為保護人民生命、身體、健康有必要或經當事人同意者，不在此限。",
            "個人、法人或團體營業上秘密或經營事業有關之資訊，其公開或提供有侵害該個人、法人或團體之權利、競爭地位或其他正當利益者。但對公益有必要或為保護人民生命、身體、健康有必要或經當事人同意者，不在此限。",
            "為保存文化資產必須特別管理，而公開或提供有滅失或減損其價值之虞者。",
            "公營事業機構經營之有關資料，其公開或提供將妨害其經營上之正當利益者。但對公益有必要者，不在此限。",
        ];
        for (var i = 0; i < foia.Length; i++)
        {
            list.Add(new LegalBasis { Code = $"FOIA-18-1-{i + 1}", Law = "政府資訊公開法", Article = $"第18條第1項第{i + 1}款", Text = foia[i] });
        }
        list.Add(new LegalBasis { Code = "STAT", Law = "統計法", Text = "統計調查所蒐集之個別資料應予保密，除供統計目的使用外，不得公開或提供。" });
        list.Add(new LegalBasis { Code = "TSA-2", Law = "營業秘密法", Article = "第2條", Text = "可用於生產、銷售或經營之資訊，非一般涉及該類資訊之人所知，因其秘密性而具有實際或潛在之經濟價值，且所有人已採取合理之保密措施者。" });
        list.Add(new LegalBasis { Code = "CSPA-2", Law = "國家機密保護法", Article = "第2條", Text = "為確保國家安全或利益而有保密之必要，對政府機關持有或保管之資訊，經依本法核定機密等級者。" });
        list.Add(new LegalBasis { Code = "OTHER-LAW", Law = "其他法律、法規命令", Text = "其他法律或法規命令規定應秘密或限制、禁止公開者（請於依據說明欄寫明法規名稱與條次）。" });
        for (var i = 0; i < list.Count; i++)
        {
            list[i].Order = (i + 1) * 10;
        }
        return list;
    }
}
