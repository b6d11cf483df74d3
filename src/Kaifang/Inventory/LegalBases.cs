using Kaifang.Accounts;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Inventory;

/// The list of legal bases offered for restricted and closed items; system administrators keep it.
public sealed class LegalBases(KaifangDbContext db)
{
    public static async Task<List<LegalBasis>> ActiveAsync(KaifangDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.LegalBases.AsNoTracking().Where(b => b.Active).OrderBy(b => b.Order).ThenBy(b => b.Code).ToListAsync(cancellationToken);
    }

    public async Task<List<LegalBasis>> AllAsync(CancellationToken cancellationToken) =>
        await db.LegalBases.AsNoTracking().OrderBy(b => b.Order).ThenBy(b => b.Code).ToListAsync(cancellationToken);

    /// Adds a basis, or changes the one with that code (its law, article, text, order and whether it is offered).
    public async Task<CatalogResult<LegalBasis>> SaveAsync(StaffScope who, LegalBasisInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(input);
        if (!StaffScope.Allows(who.Role, StaffAction.ManageSystem))
        {
            return CatalogResult<LegalBasis>.Forbidden();
        }
        var errors = new ValidationErrors();
        var code = (input.Code ?? "").Trim();
        if (!System.Text.RegularExpressions.Regex.IsMatch(code, "^[A-Za-z0-9-]{2,40}$"))
        {
            errors.Add("code", "代碼須為 2 到 40 個英文字母、數字或 -。", "The code has 2 to 40 letters, digits or -.");
        }
        if (string.IsNullOrWhiteSpace(input.Law))
        {
            errors.Add("law", "請填寫法規名稱。", "The law is required.");
        }
        if (string.IsNullOrWhiteSpace(input.Text))
        {
            errors.Add("text", "請填寫條文要旨。", "The provision's text is required.");
        }
        if (!errors.IsValid)
        {
            return CatalogResult<LegalBasis>.Invalid(errors);
        }
        var basis = await db.LegalBases.FirstOrDefaultAsync(b => b.Code == code, cancellationToken);
        if (basis is null)
        {
            basis = new LegalBasis { Code = code, Law = "", Text = "" };
            basis.Order = (await db.LegalBases.MaxAsync(b => (int?)b.Order, cancellationToken) ?? 0) + 10;
            db.LegalBases.Add(basis);
        }
        basis.Law = input.Law!.Trim();
        basis.Article = (input.Article ?? "").Trim();
        basis.Text = input.Text!.Trim();
        basis.Active = input.Active ?? true;
        if (input.Order is { } order)
        {
            basis.Order = order;
        }
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<LegalBasis>.Ok(basis);
    }
}

public sealed record LegalBasisInput(string? Code, string? Law, string? Article, string? Text, bool? Active = true, int? Order = null);
