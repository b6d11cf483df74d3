using System.Buffers;
using System.Text;
using System.Text.Json.Serialization;

namespace Kaifang.Pipelines;

/// Kinds of personal data (個人資料) a published table must not show unmasked.
[JsonConverter(typeof(JsonStringEnumConverter<PersonalDataKind>))]
public enum PersonalDataKind
{
    /// 國民身分證統一編號: a letter, 1 or 2, eight digits, the last a check digit (A123456789).
    [JsonStringEnumMemberName("national-id")]
    NationalId = 0,

    /// 居留證 / 統一證號 of foreign residents: the 2021 form (A800000014, 8 or 9 second) and the old
    /// one with two letters (AB12345678), both with a check digit.
    [JsonStringEnumMemberName("resident-certificate")]
    ResidentCertificate = 1,

    /// 09xx-xxx-xxx, or +886 9xx xxx xxx.
    [JsonStringEnumMemberName("mobile-phone")]
    MobilePhone = 2,

    /// An area code and number: 02-23456789, (02)2345-6789, 049-2345678, 03 1234567#123.
    [JsonStringEnumMemberName("landline-phone")]
    LandlinePhone = 3,

    [JsonStringEnumMemberName("email")]
    Email = 4,

    /// A Chinese personal name, only in a column whose header says it holds names (see <see cref="PersonalData.IsNameHeader"/>).
    [JsonStringEnumMemberName("person-name")]
    PersonName = 5,
}

/// Recognises and masks personal data in single values, the way Taiwan's agencies mask it in published
/// lists: 身分證 A12****789, a phone number with only its last three digits, a name 王○明, e-mail a***@example.com.
public static class PersonalData
{
    /// Header words that say a column holds people's names. 名稱 (the name of a thing: 單位名稱,
    /// 公司名稱) does not count.
    public static readonly IReadOnlyList<string> NameHeaderWords =
        ["姓名", "名字", "聯絡人", "負責人", "代表人", "申請人", "承辦人", "受款人", "被保險人", "聯絡窗口", "Name", "Contact"];

    // The most common surnames in Taiwan (內政部 statistics list about 1,500; these cover roughly 95% of people).
    private const string Surnames =
        "陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高潘簡朱鍾游彭詹胡施沈余盧梁趙顏柯翁魏孫戴范方宋鄧杜傅侯曹薛丁卓阮馬董溫唐藍石蔣古紀姚連馮歐程湯田康姜白汪鄒尤巫鐘涂龔嚴韓袁金童陸夏柳凃邵錢伍倪于譚駱熊任甘秦顧毛章史官萬俞雷饒張賀武殷黎易常成龍喬左祝包孔崔尹陶郝文蘇利塗柴";

    private static readonly string[] CompoundSurnames = ["歐陽", "張簡", "范姜", "司馬", "諸葛", "上官", "司徒", "東方", "周黃", "張廖", "陳李"];

    private const char NameMask = '○';

    public static bool IsNameHeader(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return !header.Contains("名稱", StringComparison.Ordinal)
            && NameHeaderWords.Any(w => header.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    /// The kind of personal data the value is, or null. Names are only recognised when the column is a name column.
    public static PersonalDataKind? Detect(string? value, bool nameColumn = false) => Detect(value.AsSpan(), nameColumn);

    /// The kind of personal data the cell is, or null, as <see cref="Detect(string?, bool)"/>.
    public static PersonalDataKind? Detect(ReadOnlySpan<char> value, bool nameColumn = false)
    {
        var s = value.Trim();
        if (s.Length < 2 || s.Length > 80)
        {
            return null;
        }
        if (IsNationalId(s))
        {
            return PersonalDataKind.NationalId;
        }
        if (IsResidentCertificate(s))
        {
            return PersonalDataKind.ResidentCertificate;
        }
        if (IsEmail(s))
        {
            return PersonalDataKind.Email;
        }
        if (PhoneKind(s) is { } phone)
        {
            return phone;
        }
        return nameColumn && IsChineseName(s) ? PersonalDataKind.PersonName : null;
    }

    /// A national ID number with a correct check digit.
    public static bool IsNationalId(ReadOnlySpan<char> s) =>
        s.Length == 10 && char.IsAsciiLetter(s[0]) && s[1] is '1' or '2' && AllDigits(s[2..]) && Checksum(s, s[1] - '0');

    /// A resident certificate number, new (A800000014) or old (AB12345678) form, with a correct check digit.
    public static bool IsResidentCertificate(ReadOnlySpan<char> s)
    {
        if (s.Length != 10 || !char.IsAsciiLetter(s[0]) || !AllDigits(s[2..]))
        {
            return false;
        }
        if (s[1] is '8' or '9')
        {
            return Checksum(s, s[1] - '0');
        }
        // The old form's second letter counts by the last digit of its code (A = 10 → 0, B = 11 → 1, …).
        var second = char.ToUpperInvariant(s[1]);
        return second is >= 'A' and <= 'D' && Checksum(s, LetterCode(second) % 10);
    }

    public static bool IsEmail(ReadOnlySpan<char> s)
    {
        var at = s.IndexOf('@');
        if (at <= 0 || at != s.LastIndexOf('@') || s.ContainsAny(' ', ',', ';'))
        {
            return false;
        }
        var domain = s[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        return dot > 0 && dot < domain.Length - 2;
    }

    public static bool IsPhone(ReadOnlySpan<char> s) => PhoneKind(s) is not null;

    /// Two to four Chinese characters, starting with a common surname.
    public static bool IsChineseName(ReadOnlySpan<char> s)
    {
        if (s.Length is < 2 or > 4)
        {
            return false;
        }
        foreach (var c in s)
        {
            if (c is not ((>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF')))
            {
                return false;
            }
        }
        if (Surnames.Contains(s[0], StringComparison.Ordinal))
        {
            return true;
        }
        foreach (var compound in CompoundSurnames)
        {
            if (s.StartsWith(compound, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// The most characters a mask of <paramref name="value"/> has (an email's gains "***").
    public static int MaskLength(ReadOnlySpan<char> value) => value.Length + 3;

    /// A12****789: the first three and last three characters kept.
    public static string MaskId(ReadOnlySpan<char> value) => Masked(value, WriteIdMask);

    /// Every digit but the last three as '*', separators kept: 0912-345-678 → ****-***-678.
    public static string MaskPhone(ReadOnlySpan<char> value) => Masked(value, WritePhoneMask);

    /// 王○明, the way Taiwan's agencies publish names: the surname and the last character kept.
    public static string MaskName(ReadOnlySpan<char> value) => Masked(value, WriteNameMask);

    /// a***@example.com.
    public static string MaskEmail(ReadOnlySpan<char> value) => Masked(value, WriteEmailMask);

    /// Any other value: the first and last characters kept, the rest '*'.
    public static string MaskText(ReadOnlySpan<char> value) => Masked(value, WriteTextMask);

    /// The mask for a value of a known kind.
    public static string Mask(ReadOnlySpan<char> value, PersonalDataKind kind) => kind switch
    {
        PersonalDataKind.NationalId or PersonalDataKind.ResidentCertificate => MaskId(value),
        PersonalDataKind.MobilePhone or PersonalDataKind.LandlinePhone => MaskPhone(value),
        PersonalDataKind.Email => MaskEmail(value),
        PersonalDataKind.PersonName => MaskName(value),
        _ => MaskText(value),
    };

    /// The mask for a value of a known kind written into <paramref name="mask"/>, at least
    /// <see cref="MaskLength"/> long; returns how many characters it wrote. The masks below write the
    /// same characters as the methods above return, without a string (millions of cells in a large file).
    public static int WriteMask(ReadOnlySpan<char> value, PersonalDataKind kind, Span<char> mask) => kind switch
    {
        PersonalDataKind.NationalId or PersonalDataKind.ResidentCertificate => WriteIdMask(value, mask),
        PersonalDataKind.MobilePhone or PersonalDataKind.LandlinePhone => WritePhoneMask(value, mask),
        PersonalDataKind.Email => WriteEmailMask(value, mask),
        PersonalDataKind.PersonName => WriteNameMask(value, mask),
        _ => WriteTextMask(value, mask),
    };

    public static int WriteIdMask(ReadOnlySpan<char> value, Span<char> mask)
    {
        var s = value.Trim();
        return s.Length <= 6 ? WriteTextMask(s, mask) : WriteMasked(s, 3, 3, '*', mask);
    }

    public static int WritePhoneMask(ReadOnlySpan<char> value, Span<char> mask)
    {
        var s = value.Trim();
        // An extension (#123, 分機 123) is part of the number's tail but not of what is kept.
        var end = s.IndexOfAny(ExtensionStarts);
        var number = end > 0 ? s[..end] : s;
        var digits = 0;
        foreach (var c in number)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
        }
        var seen = 0;
        for (var i = 0; i < number.Length; i++)
        {
            var c = number[i];
            mask[i] = char.IsAsciiDigit(c) && ++seen <= digits - 3 ? '*' : c;
        }
        return number.Length;
    }

    private static readonly SearchValues<char> ExtensionStarts = SearchValues.Create("#分eEx");

    public static int WriteNameMask(ReadOnlySpan<char> value, Span<char> mask)
    {
        var s = value.Trim();
        if (s.Length <= 1)
        {
            s.CopyTo(mask);
            return s.Length;
        }
        if (s.Length == 2)
        {
            mask[0] = s[0];
            mask[1] = NameMask;
            return 2;
        }
        var surname = 1;
        if (s.Length == 4)
        {
            foreach (var compound in CompoundSurnames)
            {
                if (s.StartsWith(compound, StringComparison.Ordinal))
                {
                    surname = 2;
                    break;
                }
            }
        }
        return WriteMasked(s, surname, 1, NameMask, mask);
    }

    public static int WriteEmailMask(ReadOnlySpan<char> value, Span<char> mask)
    {
        var s = value.Trim();
        var at = s.IndexOf('@');
        if (at <= 0)
        {
            return WriteTextMask(s, mask);
        }
        mask[0] = s[0];
        "***".CopyTo(mask[1..]);
        s[at..].CopyTo(mask[4..]);
        return 4 + s.Length - at;
    }

    public static int WriteTextMask(ReadOnlySpan<char> value, Span<char> mask)
    {
        var s = value.Trim();
        switch (s.Length)
        {
            case 0:
                return 0;
            case 1:
                mask[0] = '*';
                return 1;
            case 2:
                mask[0] = s[0];
                mask[1] = '*';
                return 2;
            default:
                return WriteMasked(s, 1, 1, '*', mask);
        }
    }

    /// The text with all but its first <paramref name="head"/> and last <paramref name="tail"/>
    /// characters replaced by <paramref name="c"/>.
    private static int WriteMasked(ReadOnlySpan<char> s, int head, int tail, char c, Span<char> mask)
    {
        s[..head].CopyTo(mask);
        mask[head..(s.Length - tail)].Fill(c);
        s[^tail..].CopyTo(mask[(s.Length - tail)..]);
        return s.Length;
    }

    private delegate int MaskWriter(ReadOnlySpan<char> value, Span<char> mask);

    private static string Masked(ReadOnlySpan<char> value, MaskWriter write)
    {
        var mask = MaskLength(value) <= 256 ? stackalloc char[MaskLength(value)] : new char[MaskLength(value)];
        return new string(mask[..write(value, mask)]);
    }

    private static PersonalDataKind? PhoneKind(ReadOnlySpan<char> s)
    {
        // Cut an extension: 02-2345-6789#123, 分機 123, ext. 12.
        var ext = s.IndexOfAny('#', '分');
        if (ext < 0)
        {
            ext = s.IndexOf("ext", StringComparison.OrdinalIgnoreCase);
        }
        if (ext > 0)
        {
            s = s[..ext].TrimEnd();
        }
        Span<char> digits = stackalloc char[16];
        var n = 0;
        var international = false;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c))
            {
                if (n == digits.Length)
                {
                    return null;
                }
                digits[n++] = c;
            }
            else if (c == '+' && i == 0)
            {
                international = true;
            }
            else if (c is not (' ' or '-' or '(' or ')' or '（' or '）' or '－'))
            {
                return null;
            }
        }
        var number = digits[..n];
        if (international || number.StartsWith("886"))
        {
            if (!number.StartsWith("886"))
            {
                return null;
            }
            // +886 2 2345 6789 is 02-2345-6789; a leading 0 after 886 is sometimes written too.
            number = number[3..];
            if (number.StartsWith("0"))
            {
                number = number[1..];
            }
            return number.Length == 9 && number[0] == '9' ? PersonalDataKind.MobilePhone
                : number.Length is 8 or 9 && number[0] is >= '2' and <= '8' ? PersonalDataKind.LandlinePhone
                : null;
        }
        if (number.Length == 10 && number.StartsWith("09"))
        {
            return PersonalDataKind.MobilePhone;
        }
        return number.Length is 9 or 10 && number[0] == '0' && number[1] is >= '2' and <= '8' ? PersonalDataKind.LandlinePhone : null;
    }

    private static bool Checksum(ReadOnlySpan<char> s, int second)
    {
        var code = LetterCode(char.ToUpperInvariant(s[0]));
        var sum = code / 10 + code % 10 * 9 + second * 8;
        for (var i = 2; i < 9; i++)
        {
            sum += (s[i] - '0') * (9 - i);
        }
        sum += s[9] - '0';
        return sum % 10 == 0;
    }

    /// The two-digit code of an ID's letter (A = 10 … H = 17, then J = 18 …, with I, O, W–Z out of order).
    private static int LetterCode(char letter) => "ABCDEFGHJKLMNPQRSTUVXYWZIO".IndexOf(letter, StringComparison.Ordinal) + 10;

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
