using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Kaifang.Tests.Infrastructure;

/// A page's form as a browser without JavaScript sends it: the values its controls hold (ticked boxes,
/// chosen options, text areas), changed by the test, and a submit button pressed, with the button's own
/// name, value and formaction.
public sealed class HtmlForm
{
    private readonly string _pageUrl;
    private readonly IHtmlFormElement _form;
    private readonly List<KeyValuePair<string, string>> _values;
    private readonly Dictionary<string, (string FileName, byte[] Content)> _files = new(StringComparer.Ordinal);

    public IHtmlDocument Page { get; }

    private HtmlForm(string pageUrl, IHtmlDocument page, IHtmlFormElement form)
    {
        _pageUrl = pageUrl;
        Page = page;
        _form = form;
        _values = [.. Successful(form)];
    }

    /// The form on the page that holds the element the selector finds.
    public static HtmlForm Parse(string pageUrl, string html, string within)
    {
        var page = new HtmlParser().ParseDocument(html);
        var element = page.QuerySelector(within) ?? throw new InvalidOperationException($"The page has no {within}.");
        var form = element.Closest("form") as IHtmlFormElement ?? throw new InvalidOperationException($"{within} is not in a form.");
        return new HtmlForm(pageUrl, page, form);
    }

    /// The value sent for a name (the first, when several are).
    public string? this[string name] => _values.FirstOrDefault(v => v.Key == name).Value;

    /// All the names sent, in order.
    public IEnumerable<string> Names => _values.Select(v => v.Key);

    /// Types into a text field or chooses an option: the name then sends this value only.
    public HtmlForm Set(string name, string value)
    {
        Assert.True(_form.Elements.Any(e => e.GetAttribute("name") == name), $"The form has no control named {name}.");
        _values.RemoveAll(v => v.Key == name);
        _values.Add(new(name, value));
        return this;
    }

    /// Ticks a checkbox (or chooses a radio button) with this name and value.
    public HtmlForm Check(string name, string value)
    {
        Assert.True(_form.Elements.OfType<IHtmlInputElement>().Any(e => e.Name == name && e.Value == value), $"The form has no box {name}={value}.");
        if (_form.Elements.OfType<IHtmlInputElement>().Any(e => e.Name == name && e.Type == "radio"))
        {
            _values.RemoveAll(v => v.Key == name);
        }
        _values.RemoveAll(v => v.Key == name && v.Value == value);
        _values.Add(new(name, value));
        return this;
    }

    /// Chooses a file for a file field.
    public HtmlForm Attach(string name, string fileName, byte[] content)
    {
        Assert.True(_form.Elements.OfType<IHtmlInputElement>().Any(e => e.Name == name && e.Type == "file"), $"The form has no file field {name}.");
        _files[name] = (fileName, content);
        return this;
    }

    /// Presses the submit button the selector finds, as a browser does: the form's values, the
    /// button's name and value, sent to the button's formaction or else the form's action.
    public async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string button)
    {
        ArgumentNullException.ThrowIfNull(client);
        var pressed = _form.QuerySelector(button) as IHtmlButtonElement ?? throw new InvalidOperationException($"The form has no button {button}.");
        Assert.False(pressed.IsDisabled, $"The button {button} is disabled.");
        var action = pressed.GetAttribute("formaction") ?? _form.GetAttribute("action") ?? "";
        var target = new Uri(new Uri(new Uri("http://localhost"), _pageUrl), action);
        var body = new MultipartFormDataContent();
        foreach (var (name, value) in _values)
        {
            body.Add(new StringContent(value), name);
        }
        if (!string.IsNullOrEmpty(pressed.Name))
        {
            body.Add(new StringContent(pressed.Value), pressed.Name);
        }
        foreach (var (name, (fileName, content)) in _files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            body.Add(part, name, fileName);
        }
        return await client.PostAsync(target.PathAndQuery, body);
    }

    private static IEnumerable<KeyValuePair<string, string>> Successful(IHtmlFormElement form)
    {
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || element.HasAttribute("disabled"))
            {
                continue;
            }
            switch (element)
            {
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked)
                    {
                        yield return new(name, input.Value);
                    }
                    break;
                case IHtmlInputElement input when input.Type is "file" or "submit" or "button" or "image" or "reset":
                    break;
                case IHtmlInputElement input:
                    yield return new(name, input.Value);
                    break;
                case IHtmlSelectElement select:
                    var chosen = select.Options.FirstOrDefault(o => o.IsSelected) ?? (select.Options.Length > 0 ? select.Options[0] : null);
                    if (chosen is not null)
                    {
                        yield return new(name, chosen.Value);
                    }
                    break;
                case IHtmlTextAreaElement area:
                    yield return new(name, area.Value);
                    break;
            }
        }
    }
}
