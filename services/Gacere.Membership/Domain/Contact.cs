namespace Gacere.Membership.Domain;

/// <summary>A person who speaks for an organisation: its focal point or the alternate.</summary>
public sealed record Contact(string Name, string Email, string? Phone);
