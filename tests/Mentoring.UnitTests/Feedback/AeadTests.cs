using Mentoring.BuildingBlocks.Protection;
using System.Security.Cryptography;
using System.Text;
using Mentoring.Feedback.Protection;

namespace Mentoring.UnitTests.Feedback;

public sealed class AeadTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Place = "acme|session_record/1/private_notes"u8.ToArray();

    [Fact]
    public void What_is_sealed_opens_with_the_same_key_and_place_and_carries_its_key_version()
    {
        var sealedValue = Aead.Seal(Key, 7, "my private notes"u8, Place);

        Assert.Equal(7, Aead.KeyVersion(sealedValue));
        Assert.Equal("my private notes", Encoding.UTF8.GetString(Aead.Open(Key, sealedValue, Place)));
        Assert.DoesNotContain("private", Encoding.UTF8.GetString(sealedValue));
    }

    [Fact]
    public void Sealing_twice_gives_different_ciphertexts() =>
        Assert.NotEqual(Aead.Seal(Key, 1, "same"u8, Place), Aead.Seal(Key, 1, "same"u8, Place));

    [Fact]
    public void A_value_moved_to_another_place_or_altered_or_opened_with_another_key_does_not_open()
    {
        var sealedValue = Aead.Seal(Key, 1, "notes"u8, Place);

        Assert.ThrowsAny<CryptographicException>(() => Aead.Open(Key, sealedValue, "globex|session_record/1/private_notes"u8.ToArray()));
        Assert.ThrowsAny<CryptographicException>(() => Aead.Open(RandomNumberGenerator.GetBytes(32), sealedValue, Place));
        var altered = (byte[])sealedValue.Clone();
        altered[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => Aead.Open(Key, altered, Place));
        Assert.ThrowsAny<CryptographicException>(() => Aead.KeyVersion(new byte[10]));
    }
}
