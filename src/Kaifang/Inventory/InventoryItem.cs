using Kaifang.Catalog;

namespace Kaifang.Inventory;

/// 盤點項目: one data holding an agency lists in an inventory round, with its proposed grade (ACTION-PLAN S6, S7).
public sealed class InventoryItem
{
    public Guid Id { get; set; }
    public int RoundId { get; set; }
    public int AgencyId { get; set; }
    public required string Name { get; set; }
    public SourceKind SourceKind { get; set; }
    public required string OwningUnit { get; set; }
    public required string Description { get; set; }
    public required string MainFields { get; set; }

    /// As the agency says it, e.g. "約 120 萬筆" or "3 GB".
    public string? Volume { get; set; }

    /// 更新頻率 in the national platform's words (每1月, 不定期更新…).
    public required string UpdateFrequency { get; set; }
    public bool HasPersonalData { get; set; }
    public InventoryGrade Grade { get; set; }

    /// Codes of the legal bases (<see cref="LegalBasis.Code"/>) that restrict or close the item; stored ';'-joined.
    public List<string> LegalBases { get; set; } = [];

    /// What of the item the basis covers, in the agency's words (e.g. "身分證號與地址欄位").
    public string? LegalBasisNote { get; set; }
    public string Licence { get; set; } = Licenses.OpenGovernmentDataV1;
    public FeeKind Fee { get; set; } = FeeKind.Free;

    /// The law or rule a charge rests on (e.g. 規費法 and the agency's fee standard).
    public string? FeeBasis { get; set; }
    public InventoryItemState State { get; set; }

    /// The reason given with the last decision or return, shown to the agency.
    public string? LastReason { get; set; }

    /// The datasets the item became (S7 → catalog): one or several, created from it or linked to it.
    public List<InventoryItemDataset> Datasets { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// A dataset an inventory item became. An item may be published as several datasets (a register opened
/// per year, or as a table and a statistic), and an existing dataset may be linked to the item it answers.
public sealed class InventoryItemDataset
{
    public long Id { get; set; }
    public Guid ItemId { get; set; }
    public Guid DatasetId { get; set; }
    public DateTimeOffset LinkedAt { get; set; }
    public required string LinkedBy { get; set; }
}

/// S2: where the data lives.
public enum SourceKind
{
    /// (a) a business-system database.
    BusinessSystem = 0,
    /// (b) electronic content of the agency's official website.
    WebsiteContent = 1,
    /// (c) documents, forms, registers and reports, physical or not.
    Document = 2,
}

/// 分級: the proposed openness of an item.
public enum InventoryGrade
{
    Open = 0,
    /// 限制開放: open to some, on request or in part; needs a legal basis.
    Restricted = 1,
    /// 不開放: needs a legal basis.
    Closed = 2,
}

public enum InventoryItemState
{
    Draft = 0,
    Submitted = 1,
    AgencyApproved = 2,
    UnderReview = 3,
    Approved = 4,
    ChangesRequested = 5,
    Rejected = 6,
    Published = 7,
}

/// One move of an item from one state to another: who, when, why (and in which meeting, for a decision).
public sealed class InventoryItemMove
{
    public long Id { get; set; }
    public Guid ItemId { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? UserId { get; set; }
    public required string UserName { get; set; }

    /// Null for the item's creation.
    public InventoryItemState? From { get; set; }
    public InventoryItemState To { get; set; }
    public string? Reason { get; set; }
    public Guid? MeetingId { get; set; }
}

/// A quarterly inventory round opened by the ministry; agencies list their items until the deadline.
public sealed class InventoryRound
{
    public int Id { get; set; }
    public int Year { get; set; }
    public int Quarter { get; set; }
    public DateOnly OpensOn { get; set; }

    /// The last day agencies submit their lists (Taipei date).
    public DateOnly Deadline { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }

    /// 2026Q4.
    public string Label => $"{Year}Q{Quarter}";

    /// 115年第4季.
    public string Display(bool english) => english ? $"{Year} Q{Quarter}" : $"{Year - 1911}年第{Quarter}季";
}

/// That an agency was reminded of a round's deadline; one per agency and round, claimed before the notice is written.
public sealed class InventoryReminder
{
    public int RoundId { get; set; }
    public int AgencyId { get; set; }
    public DateTimeOffset SentAt { get; set; }
}
