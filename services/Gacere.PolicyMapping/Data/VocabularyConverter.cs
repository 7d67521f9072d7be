using Gacere.PolicyMapping.Domain;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Gacere.PolicyMapping.Data;

/// <summary>Stores an enum as its snake_case vocabulary code.</summary>
internal sealed class VocabularyConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => Vocabulary.Code(value),
    code => Vocabulary.Parse<TEnum>(code))
    where TEnum : struct, Enum;
