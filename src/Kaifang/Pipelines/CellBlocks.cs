namespace Kaifang.Pipelines;

/// Where a reader puts the characters of the cells it reads: one after the other in blocks of 32 K
/// characters, each cell a slice of a block, instead of a string per cell. A block is never written
/// again once the next is started, so a row keeps its cells right however long it is held and on
/// whatever thread; the collector frees a block when no row points into it any longer. Blocks stay
/// under the large-object heap's 85,000 bytes, so they are collected young like the strings they replace.
/// Used by one reader at a time, on one thread.
public sealed class CellBlocks
{
    /// 64 KB of characters: room for some 400 rows of a typical agency file.
    private const int BlockChars = 32 * 1024;

    private char[] _block = [];
    private int _used;

    /// A copy of <paramref name="text"/> that later calls leave as it is.
    public ReadOnlyMemory<char> Add(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return ReadOnlyMemory<char>.Empty;
        }
        if (text.Length > _block.Length - _used)
        {
            // A cell longer than a block gets a block of its own.
            _block = new char[Math.Max(BlockChars, text.Length)];
            _used = 0;
        }
        text.CopyTo(_block.AsSpan(_used));
        var cell = new ReadOnlyMemory<char>(_block, _used, text.Length);
        _used += text.Length;
        return cell;
    }
}
