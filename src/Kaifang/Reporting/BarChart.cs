using System.Globalization;
using System.Text;

namespace Kaifang.Reporting;

/// A grouped bar chart: categories along the bottom (agencies, quarters), one bar per series in each
/// (actual and target, or one per quarter). Drawn as SVG on the pages and as vector graphics in the PDF
/// reports, from the same figures as the tables beside it.
public sealed record BarChart(string Title, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series, string Unit)
{
    /// The top of the value axis: 100 for percentages, otherwise the largest value rounded up to a readable step.
    public decimal AxisMax
    {
        get
        {
            var max = Series.SelectMany(s => s.Values).Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(0m).Max();
            if (Unit == "%")
            {
                return Math.Max(100m, max);
            }
            if (max <= 0)
            {
                return 1m;
            }
            var magnitude = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)max)));
            foreach (var step in new[] { 1m, 2m, 2.5m, 5m, 10m })
            {
                if (max <= step * magnitude)
                {
                    return step * magnitude;
                }
            }
            return 10m * magnitude;
        }
    }

    /// The palette: colour-blind-safe hues (Okabe–Ito), with enough contrast on white for 3:1 (WCAG 1.4.11).
    public static IReadOnlyList<string> Colours { get; } = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];

    public static string ColourOf(int series) => Colours[series % Colours.Count];

    /// The axis' five gridlines, bottom to top: each as a share of the plot's height, with the value written beside it.
    public IEnumerable<(double Share, string Label)> Gridlines()
    {
        var max = (double)AxisMax;
        return Enumerable.Range(0, 5).Select(t => (t / 4.0, SvgChart.Number((decimal)(max * t / 4))));
    }

    /// The bars in a plot <paramref name="plotWidth"/> wide, the same for the page and the PDF: each category a group
    /// with a tenth of its width free on either side, a bar per series with a value; heights are shares of the plot's.
    public IEnumerable<ChartBar> Bars(double plotWidth)
    {
        var max = (double)AxisMax;
        var groupWidth = GroupWidth(plotWidth);
        var barWidth = groupWidth * 0.8 / Math.Max(1, Series.Count);
        for (var c = 0; c < Categories.Count; c++)
        {
            for (var s = 0; s < Series.Count; s++)
            {
                if (Series[s].Values.ElementAtOrDefault(c) is { } value)
                {
                    yield return new ChartBar(s, c * groupWidth + groupWidth * 0.1 + s * barWidth, Math.Max(1, barWidth - 1), Math.Min(1, (double)value / max));
                }
            }
        }
    }

    /// Where a category's label stands, from the plot's left.
    public double LabelCentre(int category, double plotWidth) => (category + 0.5) * GroupWidth(plotWidth);

    private double GroupWidth(double plotWidth) => plotWidth / Math.Max(1, Categories.Count);
}

/// One bar: its left edge and width from the plot's left, and its height as a share of the plot's height.
public sealed record ChartBar(int Series, double Left, double Width, double HeightShare);

/// One series of a chart; a null value is a gap (nothing measured).
public sealed record ChartSeries(string Name, IReadOnlyList<decimal?> Values);

/// Renders a <see cref="BarChart"/> as an accessible inline SVG: a title and a description listing every value,
/// so a screen reader hears the figures the bars show.
public static class SvgChart
{
    private const double Width = 640;
    private const double Height = 260;
    private const double Left = 44;
    private const double Right = 8;
    private const double Top = 28;
    private const double Bottom = 56;

    public static string Render(BarChart chart, string id)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var svg = new StringBuilder();
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"chart\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{E(chart.Title)}</title><desc id=\"{id}-desc\">{E(Describe(chart))}</desc>");
        foreach (var (share, label) in chart.Gridlines())
        {
            var y = Top + plotHeight - plotHeight * share;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Width - Right}\" y2=\"{y:0.#}\" stroke=\"#ccc\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" font-size=\"11\" fill=\"#333\">{label}</text>");
        }
        foreach (var bar in chart.Bars(plotWidth))
        {
            var h = plotHeight * bar.HeightShare;
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{Left + bar.Left:0.#}\" y=\"{Top + plotHeight - h:0.#}\" width=\"{bar.Width:0.#}\" height=\"{h:0.#}\" fill=\"{BarChart.ColourOf(bar.Series)}\"/>");
        }
        for (var c = 0; c < chart.Categories.Count; c++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + chart.LabelCentre(c, plotWidth):0.#}\" y=\"{Top + plotHeight + 16:0.#}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#222\">{E(chart.Categories[c])}</text>");
        }
        var lx = Left;
        for (var s = 0; s < chart.Series.Count; s++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{lx:0.#}\" y=\"{Height - 18}\" width=\"10\" height=\"10\" fill=\"{BarChart.ColourOf(s)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{lx + 14:0.#}\" y=\"{Height - 9}\" font-size=\"11\" fill=\"#222\">{E(chart.Series[s].Name)}</text>");
            lx += 24 + chart.Series[s].Name.Sum(ch => ch < 0x2E80 ? 6.5 : 11);
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"16\" font-size=\"13\" font-weight=\"bold\" fill=\"#111\">{E(chart.Title)}</text>");
        return svg.Append("</svg>").ToString();
    }

    /// Every value in words: "BLI: actual 50, target 45; WDA: …".
    public static string Describe(BarChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return string.Join("; ", chart.Categories.Select((c, i) =>
            $"{c}: {string.Join(", ", chart.Series.Select(s => $"{s.Name} {(s.Values.ElementAtOrDefault(i) is { } v ? Number(v) + chart.Unit : "—")}"))}"));
    }

    internal static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string text) => System.Net.WebUtility.HtmlEncode(text);
}
