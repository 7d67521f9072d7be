using System.ComponentModel.DataAnnotations;
using Gacere.Membership.Domain;

namespace Gacere.Membership.Apis;

/// <summary>A focal point or an alternate as a request gives it.</summary>
public sealed class ContactInput
{
    /// <summary>The person's full name.</summary>
    [Required, StringLength(200)]
    public string? Name { get; init; }

    /// <summary>An e-mail address the secretariat can write to.</summary>
    [Required, StringLength(254), EmailAddress]
    public string? Email { get; init; }

    /// <summary>A phone number in international form, e.g. "+254 20 123 4567".</summary>
    [StringLength(40), RegularExpression(@"^\+?[0-9][0-9 ().\-]{4,38}$", ErrorMessage = "The phone number may hold digits, spaces, ( ) . - and a leading +.")]
    public string? Phone { get; init; }

    internal Contact ToContact() =>
        new(Name!.Trim(), Email!.Trim(), string.IsNullOrWhiteSpace(Phone) ? null : Phone.Trim());
}

public sealed record ContactView(string Name, string Email, string? Phone)
{
    internal static ContactView? Of(Contact? contact) => contact is null ? null : new(contact.Name, contact.Email, contact.Phone);
}
