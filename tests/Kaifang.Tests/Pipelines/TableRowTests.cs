using Kaifang.Pipelines;

namespace Kaifang.Tests.Pipelines;

public class TableRowTests
{
    [Fact]
    public void A_missing_cell_reads_as_empty_text_and_an_empty_string()
    {
        var row = new TableRow(2, ["105", "臺北市"]);
        Assert.Equal(2, row.Width);
        Assert.Equal("臺北市", row[1]);
        Assert.Equal("", row[5]);
        Assert.True(row.Text(5).IsEmpty);
    }

    [Fact]
    public void A_cell_set_by_a_step_replaces_the_slice_it_had()
    {
        var text = "105/03/01,臺北市".ToCharArray();
        var row = new TableRow(2, [text.AsMemory(0, 9), text.AsMemory(10, 3)]);
        row.Set(0, "2016-03-01");
        Assert.Equal(["2016-03-01", "臺北市"], row.Values());
    }

    [Fact]
    public void A_copy_holds_its_own_strings_so_later_changes_to_the_row_or_its_text_do_not_reach_it()
    {
        var text = "王小明".ToCharArray();
        var row = new TableRow(2, [text.AsMemory()]);
        var copy = row.Copy();
        text[1] = '○';
        row.Set(0, "changed");
        Assert.Equal(["王小明"], copy.Values());
    }

    [Fact]
    public void A_row_of_spaces_and_empty_cells_is_blank()
    {
        Assert.True(new TableRow(2, ["", " ", "\u3000"]).IsBlank);
        Assert.False(new TableRow(2, ["", "1"]).IsBlank);
    }
}
