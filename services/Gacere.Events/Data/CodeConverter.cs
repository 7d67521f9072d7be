using Gacere.Events.Domain;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Gacere.Events.Data;

/// <summary>Stores an enum as its snake_case DOMAIN.md code ("high_level_meeting"), the same spelling as on the wire.</summary>
internal sealed class CodeConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => Codes.Of(value),
    code => Codes.Parse<TEnum>(code))
    where TEnum : struct, Enum;
