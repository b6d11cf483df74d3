using Kaifang;
using Kaifang.Web;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddKaifangCore(builder.Configuration);
builder.Services.AddKaifangWeb(builder.Configuration);

var app = builder.Build();
await app.InitializeKaifangAsync();
app.UseKaifang();
app.MapKaifang();
app.Run();

public partial class Program;
