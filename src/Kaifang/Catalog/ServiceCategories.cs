namespace Kaifang.Catalog;

/// The national platform's 18 service categories (服務分類).
public static class ServiceCategories
{
    public static readonly IReadOnlyList<ServiceCategory> All =
    [
        new("100", "生育保健", "Maternity and health"),
        new("200", "出生及收養", "Birth and adoption"),
        new("300", "求學及進修", "Education and training"),
        new("400", "服兵役", "Military service"),
        new("500", "求職及就業", "Jobs and employment"),
        new("600", "開創事業", "Starting a business"),
        new("700", "婚姻", "Marriage"),
        new("800", "投資理財", "Investment and finance"),
        new("900", "休閒旅遊", "Leisure and travel"),
        new("A00", "交通及通訊", "Transport and communications"),
        new("B00", "就醫", "Medical care"),
        new("C00", "購屋及遷徙", "Housing and moving"),
        new("D00", "選舉及投票", "Elections and voting"),
        new("E00", "生活安全及品質", "Safety and quality of life"),
        new("F00", "退休", "Retirement"),
        new("G00", "老年安養", "Care for the elderly"),
        new("H00", "生命禮儀", "Funerals"),
        new("I00", "公共資訊", "Public information"),
    ];

    public static ServiceCategory? Find(string? codeOrName) =>
        codeOrName is null ? null : All.FirstOrDefault(c => c.Code == codeOrName || c.Name == codeOrName || c.NameEn == codeOrName);
}

public sealed record ServiceCategory(string Code, string Name, string NameEn)
{
    public string DisplayName(bool english) => english ? NameEn : Name;
}
