using Kaifang.Interop.NationalSync;

namespace Kaifang.Tests.Interop.NationalSync;

/// Reading the national platform's answers: the body decides, whatever the status.
public sealed class NationalPlatformAnswerTests
{
    [Fact]
    public void Success_with_a_dataset_id_in_the_result()
    {
        var answer = NationalPlatformClient.Read(200, """{"success": true, "result": {"datasetId": "160001"}}""");
        Assert.Equal((true, "160001", (string?)null), (answer.Success, answer.DatasetId, answer.Error));
    }

    [Theory]
    [InlineData("""{"success": true, "result": "160002"}""", "160002")]
    [InlineData("""{"success": true, "result": {"datasetid": 160003}}""", "160003")]
    [InlineData("""{"success": true, "datasetId": "160004"}""", "160004")]
    [InlineData("""{"success": true}""", null)]
    public void The_id_is_found_where_the_answer_puts_it(string body, string? id) =>
        Assert.Equal(id, NationalPlatformClient.Read(200, body).DatasetId);

    [Fact]
    public void An_error_in_a_200_answer_is_a_failure_with_its_code_and_message()
    {
        var answer = NationalPlatformClient.Read(200, """{"success": false, "error": {"code": "E0422", "message": "欄位 title 為必填"}}""");
        Assert.Equal((false, "[E0422] 欄位 title 為必填", (int?)200), (answer.Success, answer.Error, answer.HttpStatus));
    }

    [Theory]
    [InlineData("""{"success": false, "error": {"type": "ER0100", "message": "找不到資料集"}}""", "[ER0100] 找不到資料集")]
    [InlineData("""{"success": false, "error": "API Key 錯誤"}""", "API Key 錯誤")]
    [InlineData("""{"success": false}""", "The platform answered success: false without saying why.")]
    public void Errors_are_read_in_the_forms_they_come(string body, string error) =>
        Assert.Equal(error, NationalPlatformClient.Read(200, body).Error);

    [Fact]
    public void A_200_without_a_success_flag_is_not_taken_for_success()
    {
        var answer = NationalPlatformClient.Read(200, "<html><body>維護中</body></html>");
        Assert.False(answer.Success);
        Assert.Equal("HTTP 200 without a success flag in the answer: <html><body>維護中</body></html>", answer.Error);
    }

    [Fact]
    public void A_500_page_is_a_failure_with_its_status()
    {
        var answer = NationalPlatformClient.Read(502, "Bad Gateway");
        Assert.Equal((false, "HTTP 502: Bad Gateway", (int?)502), (answer.Success, answer.Error, answer.HttpStatus));
    }

    [Fact]
    public void The_body_wins_over_an_error_status()
    {
        Assert.True(NationalPlatformClient.Read(500, """{"success": true, "result": {"datasetId": "9"}}""").Success);
        Assert.False(NationalPlatformClient.Read(201, """{"success": false, "error": {"message": "x"}}""").Success);
    }
}
