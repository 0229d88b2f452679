using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Mentoring.BuildingBlocks.Protection;

/// <summary>
/// AES-256-GCM with a random nonce. Sealed form: format byte, key version (4 bytes, big-endian), nonce
/// (12), tag (16), ciphertext. The associated data binds a ciphertext to its place (organisation,
/// table, row, column), so a sealed value copied to another row does not open.
/// </summary>
public static class Aead
{
    private const byte Format = 1;
    private const int HeaderBytes = 1 + 4;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public static byte[] Seal(byte[] key, int keyVersion, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var sealedValue = new byte[HeaderBytes + NonceBytes + TagBytes + plaintext.Length];
        sealedValue[0] = Format;
        BinaryPrimitives.WriteInt32BigEndian(sealedValue.AsSpan(1, 4), keyVersion);
        var nonce = sealedValue.AsSpan(HeaderBytes, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(key, TagBytes);
        gcm.Encrypt(nonce, plaintext, sealedValue.AsSpan(HeaderBytes + NonceBytes + TagBytes),
            sealedValue.AsSpan(HeaderBytes + NonceBytes, TagBytes), associatedData);
        return sealedValue;
    }

    /// <summary>The version of the key that sealed <paramref name="sealedValue"/>.</summary>
    public static int KeyVersion(ReadOnlySpan<byte> sealedValue)
    {
        if (sealedValue.Length < HeaderBytes + NonceBytes + TagBytes || sealedValue[0] != Format)
            throw new CryptographicException("Not a sealed value of this service.");
        return BinaryPrimitives.ReadInt32BigEndian(sealedValue.Slice(1, 4));
    }

    /// <summary>The plaintext; throws <see cref="CryptographicException"/> when the value was altered or belongs elsewhere.</summary>
    public static byte[] Open(byte[] key, ReadOnlySpan<byte> sealedValue, ReadOnlySpan<byte> associatedData)
    {
        KeyVersion(sealedValue);
        var plaintext = new byte[sealedValue.Length - HeaderBytes - NonceBytes - TagBytes];
        using var gcm = new AesGcm(key, TagBytes);
        gcm.Decrypt(sealedValue.Slice(HeaderBytes, NonceBytes), sealedValue[(HeaderBytes + NonceBytes + TagBytes)..],
            sealedValue.Slice(HeaderBytes + NonceBytes, TagBytes), plaintext, associatedData);
        return plaintext;
    }
}
