using Gacere.Partnerships.Domain;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Gacere.Partnerships.Data;

/// <summary>Stores an enum as its snake_case vocabulary code.</summary>
internal sealed class VocabularyConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => Vocabulary.Code(value),
    code => Vocabulary.Parse<TEnum>(code))
    where TEnum : struct, Enum;
