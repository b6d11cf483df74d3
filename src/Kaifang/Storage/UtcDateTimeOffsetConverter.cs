using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Kaifang.Storage;

/// Stores every instant as a UTC date-time and reads it back with a zero offset.
public sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTime>(
    v => v.UtcDateTime,
    v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));
