using Gacere.ServiceDefaults;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Gacere.DomainService;

/// <summary>Stores an enum as its DOMAIN.md code (<see cref="Vocabulary"/>), the same spelling as on the wire.</summary>
public sealed class VocabularyConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => Vocabulary.Code(value),
    code => Vocabulary.Parse<TEnum>(code))
    where TEnum : struct, Enum;
