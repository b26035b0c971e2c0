using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HashMatch.Server;

namespace HashMatch.Tests.Server;

/// <summary>TLS comes from Kestrel configuration: a certificate named in a <c>--config</c> file serves https:// URLs.</summary>
[Trait("Cost", "Integration")]
public sealed class TlsTests(PostgresCluster cluster)
{
    [Fact]
    public async Task An_https_url_uses_the_certificate_from_the_configuration_file()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        string pfx = Path.Combine(store.DataDirectory, "tls.pfx"), config = Path.Combine(store.DataDirectory, "kestrel.json");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "secret"));
        await File.WriteAllTextAsync(config, System.Text.Json.JsonSerializer.Serialize(new { Kestrel = new { Certificates = new { Default = new { Path = pfx, Password = "secret" } } } }));

        await using HashMatchServer server = await HashMatchServer.StartAsync(store.Options() with { Urls = ["https://127.0.0.1:0"], ConfigurationFile = config });
        Uri address = server.Urls[0];
        Assert.Equal("https", address.Scheme);
        string? seen = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
            {
                seen = presented?.Thumbprint;
                return true;
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = address };
        using HttpResponseMessage live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(certificate.Thumbprint, seen);
    }
}
