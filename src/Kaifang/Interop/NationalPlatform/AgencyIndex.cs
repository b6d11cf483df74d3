using System.Security.Cryptography;
using System.Text;
using Kaifang.Agencies;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Interop.NationalPlatform;

/// Finds a row's agency by name, short name or organisation code; creates a top-level one when none matches.
internal sealed class AgencyIndex
{
    private readonly Dictionary<string, Agency> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Agency> _byOrganisationCode = new(StringComparer.Ordinal);
    private readonly HashSet<string> _codes = new(StringComparer.OrdinalIgnoreCase);

    public int Created { get; private set; }

    public static async Task<AgencyIndex> LoadAsync(KaifangDbContext db, CancellationToken cancellationToken)
    {
        var index = new AgencyIndex();
        foreach (var agency in await db.Agencies.AsNoTracking().ToListAsync(cancellationToken))
        {
            index.Remember(agency);
        }
        return index;
    }

    public Agency Resolve(NationalRecord record, KaifangDbContext db)
    {
        if (_byName.TryGetValue(record.AgencyName, out var agency)
            || (record.OrganisationCode is { } org && _byOrganisationCode.TryGetValue(org, out agency)))
        {
            return agency;
        }
        var code = NewCode(record);
        agency = new Agency
        {
            Code = code,
            Name = record.AgencyName,
            NameEn = record.AgencyName,
            // Organisation codes are unique; an agency known only by the platform's plain-number
            // identifiers (6564) stands in with its own code rather than sharing an empty one.
            OrganisationCode = record.OrganisationCode ?? code,
        };
        db.Agencies.Add(agency);
        Remember(agency);
        Created++;
        return agency;
    }

    private void Remember(Agency agency)
    {
        _byName.TryAdd(agency.Name, agency);
        if (agency.ShortName is { Length: > 0 } shortName)
        {
            _byName.TryAdd(shortName, agency);
        }
        if (agency.OrganisationCode.Length > 0)
        {
            _byOrganisationCode.TryAdd(agency.OrganisationCode, agency);
        }
        _codes.Add(agency.Code);
    }

    /// The organisation code from the identifier when there is one; otherwise a stable code from the name's hash.
    private string NewCode(NationalRecord record)
    {
        var stem = record.OrganisationCode
            ?? "NP" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(record.AgencyName)))[..8];
        var code = stem;
        for (var n = 2; _codes.Contains(code); n++)
        {
            code = $"{stem}-{n}";
        }
        return code;
    }
}
