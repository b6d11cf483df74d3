using Kaifang.Pipelines;

namespace Kaifang.Tests.Pipelines;

public class CellBlocksTests
{
    [Fact]
    public void Cells_added_earlier_stay_as_they_were_once_later_cells_need_a_new_block()
    {
        var blocks = new CellBlocks();
        var cells = new List<ReadOnlyMemory<char>>();
        // 20,000 cells of 5 to 9 characters: more than 32 K characters, so several blocks.
        for (var i = 0; i < 20_000; i++)
        {
            cells.Add(blocks.Add($"值{i}"));
        }
        for (var i = 0; i < cells.Count; i++)
        {
            Assert.Equal($"值{i}", cells[i].ToString());
        }
    }

    [Fact]
    public void A_cell_longer_than_a_block_is_kept_whole_and_the_cells_around_it_too()
    {
        var blocks = new CellBlocks();
        var before = blocks.Add("前");
        var huge = new string('長', 100_000);
        var cell = blocks.Add(huge);
        var after = blocks.Add("後");
        Assert.Equal(huge, cell.ToString());
        Assert.Equal("前", before.ToString());
        Assert.Equal("後", after.ToString());
    }

    [Fact]
    public void An_empty_cell_takes_no_room()
    {
        var blocks = new CellBlocks();
        Assert.True(blocks.Add("").IsEmpty);
    }
}
