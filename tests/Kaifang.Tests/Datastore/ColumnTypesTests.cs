using Kaifang.Datastore;

namespace Kaifang.Tests.Datastore;

public sealed class ColumnTypesTests
{
    private static DatastoreType TypeOf(params string?[] values)
    {
        var types = new ColumnTypes(1);
        foreach (var value in values)
        {
            types.See(0, value);
        }
        return types.TypeOf(0);
    }

    [Theory]
    [InlineData(DatastoreType.Integer, "1", "-12", "0", "11301", "")]
    [InlineData(DatastoreType.Number, "1", "2.5", "-0.75", "30000")]
    [InlineData(DatastoreType.Boolean, "true", "FALSE", null)]
    [InlineData(DatastoreType.Date, "2024-01-05", "2024/1/6", "2024-12-31")]
    [InlineData(DatastoreType.Timestamp, "2024-01-05 08:30:00", "2024-01-05T23:59:59", "2024-01-05T08:30", "2024-01-05T08:30:00Z")]
    public void Every_value_fitting_gives_the_narrowest_type(DatastoreType expected, params string?[] values) =>
        Assert.Equal(expected, TypeOf(values));

    [Theory]
    [InlineData("007", "12")]
    [InlineData("0800", "0912")]
    [InlineData("1234567890123456")]
    [InlineData("1,234")]
    [InlineData("01.5")]
    [InlineData("2024-02-30")]
    [InlineData("2024-01-05 24:00:00")]
    [InlineData("1", "yes")]
    public void Codes_and_values_that_do_not_fit_keep_the_column_text(params string[] values) =>
        Assert.Equal(DatastoreType.Text, TypeOf(values));

    [Fact]
    public void A_column_with_no_values_is_text() => Assert.Equal(DatastoreType.Text, TypeOf("", null, "  "));

    [Fact]
    public void Values_convert_to_what_is_stored()
    {
        Assert.Equal(11301L, ColumnTypes.Convert("11301", DatastoreType.Integer));
        Assert.Equal(2.5, ColumnTypes.Convert("2.5", DatastoreType.Number));
        Assert.Equal(1L, ColumnTypes.Convert("TRUE", DatastoreType.Boolean));
        Assert.Equal("2024-01-06", ColumnTypes.Convert("2024/1/6", DatastoreType.Date));
        Assert.Equal("2024-01-05T08:30:00", ColumnTypes.Convert("2024-01-05 08:30:00", DatastoreType.Timestamp));
        Assert.Equal("2024-01-05T00:30:00", ColumnTypes.Convert("2024-01-05T08:30:00+08:00", DatastoreType.Timestamp));
        Assert.Null(ColumnTypes.Convert("many", DatastoreType.Integer));
        Assert.Null(ColumnTypes.Convert(" ", DatastoreType.Text));
    }
}
